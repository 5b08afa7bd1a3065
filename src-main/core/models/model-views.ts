/**
 * What the model manager hands to a window or a terminal: plain JSON-safe shapes (they cross
 * Electron IPC and the test bridge's WebSocket), flattened from the registry's richer records so
 * a view never has to know about GGUF headers or download state files.
 *
 * This file imports nothing: the renderer type-checks the contract, which imports these types,
 * without Node's types. `HardwareInfo`, `FitEstimate` and `ModelsDiskUsage` are defined here and
 * re-exported by model-fit.ts and registry.ts, which compute them.
 */

export type GpuKind = 'cuda' | 'vulkan' | 'metal' | false;

export interface HardwareInfo {
  gpu: GpuKind;
  gpuDevices: string[];
  /** null without a GPU backend. */
  vram: { totalBytes: number; freeBytes: number; unifiedBytes: number } | null;
  ram: { totalBytes: number; freeBytes: number };
  cpuCores: number;
  /** Threads to give node-llama-cpp. */
  recommendedThreads: number;
}

export type RunMode = 'gpu' | 'partial-gpu' | 'cpu';

export interface FitEstimate {
  entryId: string;
  /** Enough memory to run at the estimate's context size. */
  fits: boolean;
  mode: RunMode;
  /** Layers on the GPU (blocks + output layer). */
  gpuLayers: number;
  totalLayers: number;
  vramBytes: number;
  ramBytes: number;
  /** A writer-facing warning about speed or memory, or null when all is well. */
  warning: string | null;
  /** "estimate" from size and shape; "gguf" when node-llama-cpp read the file on disk. */
  basis: 'estimate' | 'gguf';
}

export interface ModelsDiskUsage {
  /** Model files stored in the folder. */
  modelsBytes: number;
  /** Model files linked from elsewhere (they take no space in this folder). */
  linkedBytes: number;
  /** Unfinished downloads. */
  partialBytes: number;
  /** Free space on the folder's drive; null when unknown. */
  freeBytes: number | null;
}

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
  /** Transformer blocks, as the file says; null when it cannot be read. */
  layers: number | null;
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
