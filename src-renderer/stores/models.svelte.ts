/**
 * Models as the writer manages them: what can be downloaded and how it would run here, what is
 * installed, the downloads in flight (kept current by `models.progress` / `models.state` events),
 * and this computer's graphics card and memory.
 */
import { SvelteSet } from 'svelte/reactivity';
import type {
  CatalogModelView,
  CatalogView,
  DownloadView,
  EventPayloads,
  HardwareView,
  InstalledModelView,
  InstalledView,
} from '../../src-main/ipc/contract';
import { invoke, on, toApiError, type ApiError } from '../lib/api';

class ModelsStore {
  catalog = $state.raw<CatalogView | null>(null);
  catalogError = $state.raw<ApiError | null>(null);
  installed = $state.raw<InstalledView | null>(null);
  installedError = $state.raw<ApiError | null>(null);
  hardware = $state.raw<HardwareView | null>(null);
  hardwareError = $state.raw<ApiError | null>(null);
  hardwareLoading = $state(false);
  /** Downloads as the newest reply or event tells them, by id; newer than the lists' copies. */
  live = $state<Record<string, DownloadView>>({});
  /** What went wrong asking to download, pause or cancel, by id. */
  actionErrors = $state<Record<string, ApiError>>({});
  /** Ids with a request in flight, so their buttons wait. */
  pending = new SvelteSet<string>();
  importing = $state(false);
  importError = $state.raw<ApiError | null>(null);

  /** State events seen per id: a reply older than an event must not undo what the event said. */
  #stateEvents = new Map<string, number>();

  connect(): () => void {
    const offProgress = on('models.progress', (payload) => this.#onProgress(payload));
    const offState = on('models.state', (payload) => this.#onState(payload));
    return () => {
      offProgress();
      offState();
    };
  }

  entry(id: string): CatalogModelView | null {
    return this.catalog?.models.find((model) => model.id === id) ?? null;
  }

  get recommended(): CatalogModelView | null {
    return this.catalog ? this.entry(this.catalog.recommendedId) : null;
  }

  /** The download of a catalog entry: live, else as the lists last said; null when there is none. */
  downloadOf(id: string): DownloadView | null {
    const live = this.live[id];
    if (live && live.state !== 'cancelled') return live;
    return this.entry(id)?.download ?? this.installed?.downloads.find((d) => d.id === id) ?? null;
  }

  /** Unfinished downloads whose entry is no longer in the catalog (only cancelling is left for them). */
  get orphanDownloads(): DownloadView[] {
    return (this.installed?.downloads ?? []).filter((d) => d.catalogId === null);
  }

  get usableModels(): InstalledModelView[] {
    return (this.installed?.models ?? []).filter((m) => m.problem === null);
  }

  async refresh(): Promise<void> {
    await Promise.all([this.loadCatalog(), this.loadInstalled()]);
  }

  async loadCatalog(): Promise<void> {
    try {
      this.catalog = await invoke('models.catalog', {});
      this.catalogError = null;
    } catch (error) {
      this.catalogError = toApiError(error);
    }
  }

  async loadInstalled(): Promise<void> {
    try {
      this.installed = await invoke('models.installed', {});
      this.installedError = null;
    } catch (error) {
      this.installedError = toApiError(error);
    }
  }

  /** Asks node-llama-cpp about this computer; takes a few seconds the first time. */
  async loadHardware(): Promise<void> {
    if (this.hardwareLoading) return;
    this.hardwareLoading = true;
    try {
      this.hardware = await invoke('models.hardware', {});
      this.hardwareError = null;
    } catch (error) {
      this.hardwareError = toApiError(error);
    } finally {
      this.hardwareLoading = false;
    }
  }

  /**
   * Starts, resumes or retries a download: the bytes already on disk are kept. `acceptUnverified`
   * only after the writer chose to install a file nothing can check (models.unverified).
   */
  async download(id: string, options: { acceptUnverified?: boolean } = {}): Promise<void> {
    await this.#request(id, async () => {
      const seen = this.#stateEvents.get(id) ?? 0;
      const view = await invoke('models.download', { id, acceptUnverified: options.acceptUnverified ?? false });
      if ((this.#stateEvents.get(id) ?? 0) === seen || view.state === 'done') this.live[id] = view;
      if (view.state === 'done') await this.refresh();
    });
  }

  async pause(id: string): Promise<void> {
    await this.#request(id, async () => {
      const view = await invoke('models.pause', { id });
      if (this.live[id]?.state !== 'failed') this.live[id] = view;
    });
  }

  /** Stops the download and deletes what was downloaded so far. */
  async cancel(id: string): Promise<void> {
    await this.#request(id, async () => {
      await invoke('models.cancel', { id });
      delete this.live[id];
      await this.refresh();
    });
  }

  /** Deletes an installed model's file; throws the reason when it cannot. */
  async remove(id: string): Promise<void> {
    await invoke('models.delete', { id });
    await this.refresh();
    if (this.hardware) void this.loadHardware();
  }

  /**
   * Asks for a .gguf file and installs it (a copy, or a link where the writer keeps it).
   * Null when the writer closed the dialog or the import failed (then `importError` says why).
   */
  async importFile(mode: 'copy' | 'link' = 'copy'): Promise<InstalledModelView | null> {
    this.importError = null;
    try {
      const picked = await invoke('dialog.openFile', { kind: 'model' });
      if (!picked) return null;
      this.importing = true;
      const model = await invoke('models.import', { path: picked.handle, mode });
      await this.refresh();
      return model;
    } catch (error) {
      this.importError = toApiError(error);
      return null;
    } finally {
      this.importing = false;
    }
  }

  /**
   * A model loaded from anywhere with "Change model…" is linked into the models folder (no copy),
   * so it is listed under "On this computer" and can be chosen again. One already there stays as is.
   */
  async remember(handle: string): Promise<void> {
    try {
      await invoke('models.import', { path: handle, mode: 'link' });
    } catch (error) {
      // Already in the folder (or a file of that name is): the list below shows what is there.
      if (toApiError(error).code !== 'models.exists') this.importError = toApiError(error);
    }
    await this.refresh();
  }

  dismissActionError(id: string): void {
    delete this.actionErrors[id];
  }

  async #request(id: string, run: () => Promise<void>): Promise<void> {
    this.pending.add(id);
    delete this.actionErrors[id];
    try {
      await run();
    } catch (error) {
      this.actionErrors[id] = toApiError(error);
    } finally {
      this.pending.delete(id);
    }
  }

  #base(id: string): DownloadView {
    const entry = this.entry(id);
    return {
      id,
      catalogId: entry?.id ?? null,
      fileName: '',
      label: entry?.label ?? id,
      state: 'downloading',
      bytes: 0,
      total: entry?.sizeBytes ?? null,
      speed: 0,
      etaSeconds: null,
      message: null,
      code: null,
    };
  }

  #onProgress({ id, bytes, total, speed, etaSeconds }: EventPayloads['models.progress']): void {
    const current = this.live[id] ?? this.#base(id);
    // A late progress tick must not wake a download that was paused or has failed.
    if (current.state !== 'downloading') return;
    this.live[id] = { ...current, bytes, total, speed, etaSeconds };
  }

  #onState({ id, state, message, code }: EventPayloads['models.state']): void {
    this.#stateEvents.set(id, (this.#stateEvents.get(id) ?? 0) + 1);
    const current = this.live[id] ?? this.downloadOf(id) ?? this.#base(id);
    const running = state === 'downloading';
    this.live[id] = {
      ...current,
      state,
      message: message ?? null,
      code: code ?? null,
      speed: running ? current.speed : 0,
      etaSeconds: running ? current.etaSeconds : null,
    };
    if (state === 'done' || state === 'cancelled' || state === 'failed') {
      if (state === 'cancelled') delete this.live[id];
      void this.refresh();
    }
  }
}

export const models = new ModelsStore();
