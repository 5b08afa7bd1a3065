/**
 * Model management: what can be downloaded (catalog), getting it onto disk without ever losing
 * progress (downloader, download task), what is installed (registry, import, GGUF inspection)
 * and what this machine can run (hardware, model fit). No electron here; the shell stores the
 * access token and the models folder path and passes them in.
 */
export {
  CatalogError,
  catalogModelUri,
  catalogShape,
  catalogSizeBytes,
  defaultCatalogEntry,
  findCatalogEntry,
  hubEndpointFromEnv,
  loadCatalog,
  loadCatalogFile,
  normaliseHubEndpoint,
  parseCatalog,
  resolveDownloadUrl,
  type Catalog,
  type CatalogEntry,
} from './catalog';
export { ModelDownloadError, ModelFileError, formatBytes, type ModelDownloadErrorCode, type ModelFileErrorCode } from './errors';
export {
  downloadModel,
  discardPartial,
  type DownloadEvent,
  type DownloadModelOptions,
  type DownloadProgress,
  type DownloadResult,
  type RestartReason,
} from './downloader';
export { ModelDownloadTask, type DownloadOutcome, type DownloadTaskState } from './download-task';
export type { AccessTokenProvider } from './hub-request';
export type { FreeSpaceProbe } from './disk-space';
export type { RetryOptions } from './retry-policy';
export { catalogDownloadOptions, downloadCatalogModel, recordCatalogDownload, type CatalogDownloadSettings } from './install';
export {
  deleteModel,
  deletePartialDownload,
  getModel,
  listModels,
  modelIdOf,
  modelsDiskUsage,
  type InstalledModel,
  type ModelsDiskUsage,
  type ModelsFolder,
  type PartialDownload,
} from './registry';
export { importModel, type ImportMode, type ImportModelOptions } from './model-import';
export type { ModelRecord } from './model-record';
export { inspectGguf, SUPPORTED_ARCHITECTURES, type GgufModelInfo } from './gguf-inspect';
export {
  cpuSpeedWarning,
  detectHardware,
  estimateCatalogFit,
  estimateInstalledFit,
  openLlama,
  recommendQuantisation,
  type FitEstimate,
  type GpuKind,
  type HardwareInfo,
} from './hardware';
export type { Recommendation, RunMode } from './model-fit';
export { ModelManager, modelsFolder, type ModelManagerEvent, type ModelManagerOptions } from './model-manager';
export { ModelManagerError, describeModelError, type ModelManagerErrorCode } from './manager-errors';
export { hardwareSummary, llamaHardwareProbe, type HardwareProbe, type HardwareReport } from './hardware-probe';
export type {
  CatalogModelView,
  CatalogView,
  DownloadStateName,
  DownloadView,
  HardwareView,
  InstalledModelView,
  InstalledView,
} from './model-views';
