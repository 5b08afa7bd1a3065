/**
 * Model management as one service for a shell (the app's main process, the browser test bridge,
 * the CLI): it owns `<dataDir>/models`, the catalog, the running downloads, imports, deletes,
 * disk usage and the hardware questions. No electron here: the shell passes in where the access
 * token lives and which download server to use, and listens to events.
 */
import { dirname, join } from 'node:path';
import { resolveGpuMode } from '../engine/llama';
import { findCatalogEntry, hubEndpointFromEnv, loadCatalog, loadCatalogFile, normaliseHubEndpoint, type Catalog, type CatalogEntry } from './catalog';
import { CatalogDownloads, type ModelManagerEvent } from './download/catalog-downloads';
import { statfsFreeSpace, type FreeSpaceProbe } from './download/disk-space';
import { ModelFileError } from './errors';
import { llamaHardwareProbe, type HardwareProbe } from './hardware-probe';
import type { AccessTokenProvider } from './download/hub-request';
import { ModelManagerError } from './manager-errors';
import type { HardwareInfo } from './model-fit';
import { importModel, type ImportMode } from './model-import';
import { catalogView, hardwareView, installedModelView, partialDownloadView } from './model-view-builders';
import type { CatalogView, DownloadView, HardwareView, InstalledModelView, InstalledView } from './model-views';
import { deleteModel, deletePartialDownload, getModel, listModels, modelsDiskUsage, type InstalledModel } from './registry';
import type { RetryOptions } from './download/retry-policy';

export type { ModelManagerEvent } from './download/catalog-downloads';

export interface ModelManagerOptions {
  /** `<dataDir>/models`. */
  modelsDir: string;
  /** The catalog to offer; else the file at `catalogPath`, else the one shipped with the app. */
  catalog?: Catalog;
  /** A replacement catalog JSON (a mirror's, a test's), validated like the shipped one. Default: env STEERLING_CATALOG. */
  catalogPath?: string;
  /** The shell's setting for the download server; when it gives nothing, env HF_ENDPOINT, else the catalog's. */
  hubEndpoint?: string | (() => string | null | undefined);
  /** Where the shell keeps the Hugging Face token (keychain, env HF_TOKEN); asked per request. */
  accessToken?: AccessTokenProvider;
  /** Answers hardware questions; default: node-llama-cpp opened per question (see hardware-probe.ts). */
  hardware?: HardwareProbe;
  /** For the default probe: false answers for the CPU only. Default from env STEERLING_GPU. */
  gpu?: 'auto' | false;
  /** Least time between progress events per download. Default 250 ms. */
  progressIntervalMs?: number;
  freeSpace?: FreeSpaceProbe;
  retry?: RetryOptions;
  env?: NodeJS.ProcessEnv;
}

type Listener = (event: ModelManagerEvent) => void;

export class ModelManager {
  readonly modelsDir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly listeners = new Set<Listener>();
  private readonly downloads: CatalogDownloads;
  private readonly probe: HardwareProbe;
  private catalogLoad: Promise<Catalog> | undefined;
  private lastHardware: HardwareInfo | undefined;
  private disposed = false;

  constructor(private readonly options: ModelManagerOptions) {
    this.modelsDir = options.modelsDir;
    this.env = options.env ?? process.env;
    this.probe = options.hardware ?? llamaHardwareProbe({ gpu: options.gpu ?? resolveGpuMode(undefined, this.env) });
    this.downloads = new CatalogDownloads({ modelsDir: this.modelsDir, emit: (event) => this.emit(event) });
  }

  /** Listener API; returns the unsubscribe function. */
  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  catalog(): Promise<Catalog> {
    if (!this.catalogLoad) {
      const path = this.options.catalogPath ?? this.env.STEERLING_CATALOG;
      const load = this.options.catalog ? Promise.resolve(this.options.catalog) : path ? loadCatalogFile(path) : Promise.resolve().then(loadCatalog);
      // A catalog file fixed while the app runs is read again on the next question.
      this.catalogLoad = load.catch((error: unknown) => {
        this.catalogLoad = undefined;
        throw error;
      });
    }
    return this.catalogLoad;
  }

  async hubEndpoint(): Promise<string> {
    const setting = typeof this.options.hubEndpoint === 'function' ? this.options.hubEndpoint() : this.options.hubEndpoint;
    return setting ? normaliseHubEndpoint(setting) : hubEndpointFromEnv(this.env, await this.catalog());
  }

  /** A catalog entry by id, file name or quantisation ("Q4_K_M"). */
  async catalogEntry(id: string): Promise<CatalogEntry> {
    const catalog = await this.catalog();
    const entry = findCatalogEntry(id, catalog);
    if (!entry) {
      throw new ModelManagerError(
        'unknown-model',
        `"${id}" is not in the list of models Steerling can download. Choose one of: ${catalog.models.map((m) => m.id).join(', ')}.`,
      );
    }
    return entry;
  }

  /** Every catalog entry with how it would run here and which one to choose. */
  async catalogView(): Promise<CatalogView> {
    const [catalog, hubEndpoint, installed] = await Promise.all([this.catalog(), this.hubEndpoint(), this.installed(null)]);
    let hardware: HardwareInfo | null = this.lastHardware ?? null;
    let hardwareProblem: string | null = null;
    if (!hardware) {
      try {
        hardware = await this.hardwareInfo();
      } catch (error) {
        // The list stays usable without fits; the reason says why there is no tailored choice.
        hardwareProblem = error instanceof Error ? error.message : String(error);
      }
    }
    return catalogView(catalog, installed, hubEndpoint, hardware ? { hardware } : { problem: hardwareProblem ?? 'This computer could not be checked.' });
  }

  /** Installed models, running and unfinished downloads, and the space they take. */
  async installed(loadedPath: string | null = null): Promise<InstalledView> {
    const catalog = await this.catalog();
    const [folder, diskUsage] = await Promise.all([
      listModels(this.modelsDir, catalog),
      modelsDiskUsage(this.modelsDir, nearestFolderFreeSpace(this.options.freeSpace ?? statfsFreeSpace)),
    ]);
    const downloads: DownloadView[] = this.downloads.ids().map((id) => this.downloads.view(id)!);
    for (const partial of folder.partials) {
      const entry = catalog.models.find((m) => m.file === partial.fileName) ?? null;
      if (entry && downloads.some((d) => d.catalogId === entry.id)) continue;
      downloads.push(partialDownloadView(partial, entry, entry ? this.downloads.failure(entry.id) : null));
    }
    return { modelsDir: this.modelsDir, models: folder.models.map((m) => installedModelView(m, loadedPath)), downloads, diskUsage };
  }

  /** True when no usable model is installed: the app's first-run screen. */
  async hasUsableModel(): Promise<boolean> {
    const { models } = await listModels(this.modelsDir, await this.catalog());
    return models.some((m) => m.problem === null);
  }

  /**
   * Starts or resumes the download of a catalog entry (bytes already on disk are continued) and
   * returns at once; `state: 'done'` when it is already installed. A file with no sha256 to check
   * (none pinned, none from the hub) fails as `unverified` unless `acceptUnverified`.
   */
  async download(id: string, options: { acceptUnverified?: boolean } = {}): Promise<DownloadView> {
    this.assertOpen();
    const catalog = await this.catalog();
    const entry = await this.catalogEntry(id);
    const existing = await this.installedFile(entry);
    if (existing?.problem) {
      throw new ModelFileError(
        'exists',
        `A file called ${entry.file} is already in the models folder but cannot be used (${existing.problem.message}) Delete it first, then download again.`,
      );
    }
    if (existing) {
      return { ...this.idleView(entry), state: 'done', bytes: existing.sizeBytes, total: existing.sizeBytes, message: `${entry.label} is already installed.` };
    }
    const settings = {
      hubEndpoint: await this.hubEndpoint(),
      token: this.options.accessToken,
      acceptUnverified: options.acceptUnverified ?? false,
      progressIntervalMs: this.options.progressIntervalMs ?? 250,
      freeSpace: this.options.freeSpace,
      retry: this.options.retry,
    };
    return this.downloads.start(entry, catalog, settings);
  }

  /** Pauses a running download, keeping its bytes. */
  async pause(id: string): Promise<DownloadView> {
    const entry = await this.catalogEntry(id);
    const paused = await this.downloads.pause(entry.id);
    if (paused) return paused;
    const partial = (await this.installed(null)).downloads.find((d) => d.catalogId === entry.id);
    if (partial) return partial;
    throw new ModelManagerError('not-downloading', `${entry.label} is not being downloaded.`);
  }

  /** Cancels a download (running, paused, or left on disk by an earlier run) and deletes its bytes. */
  async cancel(id: string): Promise<{ cancelled: boolean }> {
    const catalog = await this.catalog();
    const entry = findCatalogEntry(id, catalog);
    const downloads = (await this.installed(null)).downloads;
    if (entry) {
      if (!downloads.some((d) => d.catalogId === entry.id)) return { cancelled: false };
      return { cancelled: await this.downloads.cancel(entry) };
    }
    // An unfinished download whose entry left the catalog can still be thrown away by its file id.
    const orphan = downloads.find((d) => d.catalogId === null && d.id.toLowerCase() === id.replace(/\.gguf$/i, '').toLowerCase());
    if (!orphan) return { cancelled: false };
    await deletePartialDownload(orphan.id, this.modelsDir);
    this.emit({ type: 'state', id: orphan.id, state: 'cancelled', message: 'The unfinished download is deleted.' });
    return { cancelled: true };
  }

  /** Continues every unfinished catalog download found on disk (after a restart), when asked. */
  async resumePartialDownloads(): Promise<DownloadView[]> {
    const { downloads } = await this.installed(null);
    const waiting = downloads.filter((d) => d.catalogId !== null && (d.state === 'paused' || d.state === 'failed'));
    return Promise.all(waiting.map((d) => this.download(d.catalogId!)));
  }

  async importModel(path: string, mode: ImportMode = 'copy', loadedPath: string | null = null): Promise<InstalledModelView> {
    this.assertOpen();
    const model = await importModel(path, this.modelsDir, { mode, catalog: await this.catalog(), freeSpace: this.options.freeSpace });
    return installedModelView(model, loadedPath);
  }

  async deleteModel(id: string): Promise<void> {
    await deleteModel(id, this.modelsDir);
  }

  /** The installed model with this id (or catalog id), refusing files that cannot be used. */
  async usableModel(id: string): Promise<InstalledModel> {
    const entry = findCatalogEntry(id, await this.catalog());
    const model = await getModel(id, this.modelsDir, await this.catalog()).catch(async (error: unknown) => {
      const installed = entry ? await this.installedFile(entry) : null;
      if (installed) return installed;
      throw error;
    });
    if (model.problem) throw new ModelFileError(model.problem.code, model.problem.message);
    return model;
  }

  /** Hardware facts, node-llama-cpp's fit for each usable installed model, and the recommendation. */
  async hardware(): Promise<HardwareView> {
    const catalog = await this.catalog();
    const { models } = await listModels(this.modelsDir, catalog);
    const usable = models.filter((m) => m.problem === null);
    const report = await this.runProbe(usable.map((m) => m.path));
    return hardwareView(catalog, report, usable);
  }

  async hardwareInfo(): Promise<HardwareInfo> {
    return (await this.runProbe([])).hardware;
  }

  /** Pauses running downloads (their bytes stay for next time) and lets go of the probe. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.downloads.pauseAll();
    await this.probe.dispose();
    this.listeners.clear();
  }

  private async runProbe(paths: string[]) {
    try {
      const report = await this.probe.probe(paths);
      this.lastHardware = report.hardware;
      return report;
    } catch (cause) {
      throw new ModelManagerError(
        'hardware-unavailable',
        `Steerling could not check this computer's graphics card and memory (${cause instanceof Error ? cause.message : String(cause)}).`,
        { cause },
      );
    }
  }

  /** The installed file of a catalog entry, if any. */
  private async installedFile(entry: CatalogEntry): Promise<InstalledModel | null> {
    return getModel(entry.file, this.modelsDir, await this.catalog()).catch((error: unknown) => {
      if (error instanceof ModelFileError && error.code === 'not-installed') return null;
      throw error;
    });
  }

  private idleView(entry: CatalogEntry): DownloadView {
    return { id: entry.id, catalogId: entry.id, fileName: entry.file, label: entry.label, state: 'paused', bytes: 0, total: entry.sizeBytes, speed: 0, etaSeconds: null, message: null, code: null };
  }

  private assertOpen(): void {
    if (this.disposed) throw new ModelManagerError('shutting-down', 'Steerling is shutting down.');
  }

  private emit(event: ModelManagerEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('steerling: model event listener failed', error);
      }
    }
  }
}

/** Before the first model the folder does not exist yet; the drive it will be on answers for it. */
function nearestFolderFreeSpace(probe: FreeSpaceProbe): FreeSpaceProbe {
  return async (dir) => {
    for (let folder = dir; ; folder = dirname(folder)) {
      try {
        return await probe(folder);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(folder) === folder) throw error;
      }
    }
  };
}

/** `<dataDir>/models`, where the app and the CLI keep models. */
export function modelsFolder(dataDir: string): string {
  return join(dataDir, 'models');
}
