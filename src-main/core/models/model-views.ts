/**
 * What the model manager hands to a window or a terminal: plain JSON-safe shapes (they cross
 * Electron IPC and the test bridge's WebSocket), flattened from the registry's richer records so
 * a view never has to know about GGUF headers or download state files.
 */
import { catalogSizeBytes, type Catalog, type CatalogEntry } from './catalog';
import { hardwareSummary, type HardwareReport } from './hardware-probe';
import { cpuSpeedWarning, estimateCatalogFit, recommendQuantisation, type FitEstimate, type HardwareInfo } from './model-fit';
import type { InstalledModel, ModelsDiskUsage, PartialDownload } from './registry';

export type DownloadStateName = 'downloading' | 'paused' | 'verifying' | 'done' | 'failed' | 'cancelled';

export interface DownloadView {
  /** The catalog id when the file belongs to a catalog entry, else the file name without ".gguf". */
  id: string;
  catalogId: string | null;
  fileName: string;
  label: string;
  state: DownloadStateName;
  /** Bytes on disk so far. */
  bytes: number;
  total: number | null;
  /** Bytes per second while downloading; 0 otherwise. */
  speed: number;
  etaSeconds: number | null;
  /** What is happening or what went wrong, in a writer's words. */
  message: string | null;
  /** For `failed`: the error code ("models.network", …). */
  code: string | null;
}

export interface InstalledModelView {
  /** File name without ".gguf": what `models.use`, `models.delete` and the CLI take. */
  id: string;
  fileName: string;
  path: string;
  /** For linked imports, where the file really is. */
  linkTarget: string | null;
  sizeBytes: number;
  /** Catalog label, else the model's own name, else the id. */
  label: string;
  catalogId: string | null;
  /** null for a file put into the folder by hand. */
  source: 'download' | 'import' | null;
  importMode: 'copy' | 'link' | null;
  architecture: string | null;
  /** "Q4_K_M", "F16", …; null when the file does not say. */
  quantisation: string | null;
  parameterCount: number | null;
  contextLength: number | null;
  installedAt: string | null;
  /** Why the file cannot be used; null when it can. */
  problem: { code: string; message: string } | null;
  /** The engine has this file loaded right now. */
  loaded: boolean;
}

export interface InstalledView {
  modelsDir: string;
  models: InstalledModelView[];
  /** Running downloads and unfinished ones found on disk. */
  downloads: DownloadView[];
  diskUsage: ModelsDiskUsage;
}

export interface CatalogModelView {
  id: string;
  label: string;
  family: string;
  quantisation: string;
  description: string;
  /** Exact size, or the approximate one when `sizeIsExact` is false. */
  sizeBytes: number;
  sizeIsExact: boolean;
  isDefault: boolean;
  recommended: boolean;
  /** null when the hardware could not be checked. */
  fit: FitEstimate | null;
  installed: boolean;
  /** A running or unfinished download of this entry. */
  download: DownloadView | null;
}

export interface CatalogView {
  models: CatalogModelView[];
  recommendedId: string;
  /** One sentence: why that version (or why no hardware-based choice was possible). */
  recommendationReason: string;
  hubEndpoint: string;
  /** null when the hardware could not be checked (see `recommendationReason`). */
  hardware: HardwareInfo | null;
}

export interface HardwareView {
  hardware: HardwareInfo;
  /** One line, e.g. "CUDA: NVIDIA RTX 3060, 12 GB video memory (10 GB free) · 32 GB memory · 8 cores". */
  summary: string;
  /** The honest speed warning when no GPU is used; null otherwise. */
  warning: string | null;
  recommendedId: string;
  recommendationReason: string;
  /** node-llama-cpp's estimate for each usable installed model, read from the file itself. */
  installedFits: { id: string; fit: FitEstimate }[];
}

export function installedModelView(model: InstalledModel, loadedPath: string | null): InstalledModelView {
  const record = model.record;
  return {
    id: model.id,
    fileName: model.fileName,
    path: model.path,
    linkTarget: model.linkTarget,
    sizeBytes: model.sizeBytes,
    label: model.catalogEntry?.label ?? model.info?.name ?? model.id,
    catalogId: model.catalogEntry?.id ?? null,
    source: record?.source ?? null,
    importMode: record?.mode ?? null,
    architecture: model.info?.architecture ?? null,
    quantisation: model.info?.fileType ?? model.catalogEntry?.quantisation ?? null,
    parameterCount: model.info?.parameterCount ?? null,
    contextLength: model.info?.contextLength ?? null,
    installedAt: record?.installedAt ?? null,
    problem: model.problem,
    loaded: loadedPath !== null && (loadedPath === model.path || loadedPath === model.linkTarget),
  };
}

/** An unfinished download found on disk, not running in this process. */
export function partialDownloadView(
  partial: PartialDownload,
  entry: CatalogEntry | null,
  failure: { message: string; code: string } | null,
): DownloadView {
  return {
    id: entry?.id ?? partial.id,
    catalogId: entry?.id ?? null,
    fileName: partial.fileName,
    label: entry?.label ?? partial.id,
    state: failure ? 'failed' : 'paused',
    bytes: partial.bytes,
    total: partial.totalBytes ?? (entry ? catalogSizeBytes(entry) : null),
    speed: 0,
    etaSeconds: null,
    message: failure?.message ?? null,
    code: failure?.code ?? null,
  };
}

/** The catalog judged for this machine; without hardware facts, the default is recommended and `problem` says why. */
export function catalogView(
  catalog: Catalog,
  installed: InstalledView,
  hubEndpoint: string,
  machine: { hardware: HardwareInfo } | { problem: string },
): CatalogView {
  const hardware = 'hardware' in machine ? machine.hardware : null;
  const recommendation = hardware ? recommendQuantisation(catalog, hardware) : null;
  const fallback = catalog.models.find((m) => m.default) ?? catalog.models[0];
  const recommendedId = recommendation?.entry.id ?? fallback.id;
  const installedIds = new Set(installed.models.filter((m) => !m.problem).map((m) => m.catalogId));
  const models = catalog.models.map(
    (entry): CatalogModelView => ({
      id: entry.id,
      label: entry.label,
      family: entry.family,
      quantisation: entry.quantisation,
      description: entry.description,
      sizeBytes: catalogSizeBytes(entry),
      sizeIsExact: entry.sizeBytes !== null,
      isDefault: entry.default,
      recommended: entry.id === recommendedId,
      fit: hardware ? estimateCatalogFit(entry, hardware) : null,
      installed: installedIds.has(entry.id),
      download: installed.downloads.find((d) => d.catalogId === entry.id) ?? null,
    }),
  );
  const recommendationReason = recommendation?.reason ?? `The recommended version. (${'problem' in machine ? machine.problem : ''})`;
  return { models, recommendedId, recommendationReason, hubEndpoint, hardware };
}

/** What `models.hardware` answers: the facts, the honest warning, and fits for usable installed models. */
export function hardwareView(catalog: Catalog, report: HardwareReport, usable: readonly InstalledModel[]): HardwareView {
  const { hardware } = report;
  const recommendation = recommendQuantisation(catalog, hardware);
  return {
    hardware,
    summary: hardwareSummary(hardware),
    warning: hardware.gpu ? null : cpuSpeedWarning(hardware.cpuCores),
    recommendedId: recommendation.entry.id,
    recommendationReason: recommendation.reason,
    installedFits: usable.flatMap((m) => {
      const fit = report.fits.get(m.path);
      return fit ? [{ id: m.id, fit: { ...fit, entryId: m.id } }] : [];
    }),
  };
}
