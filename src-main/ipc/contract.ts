/**
 * THE contract between the renderer and the main process. The preload exposes exactly this;
 * main (and the test bridge server) validate every call's arguments against these schemas.
 * The renderer imports this file with `import type` only (its run-time values are in constants.ts).
 */
import { z } from 'zod';
import { samplingSchema } from '../core/engine/sampling-schema';
import type { Article } from '../core/articles/article';
import type { EngineState, ModelInfo, SummaryStats } from '../core/engine/types';
import type { HistoryRecord, HistorySummary } from '../core/history/record';
import { evalRequestSchemas, type EvalEventPayloads, type EvalRequestResults } from './eval-contract';
import type {
  LibraryImportResult,
  LibraryListView,
  LibraryView,
  SteeringInfo,
  VectorBuildProgressEvent,
  VectorBuildView,
  VectorFileView,
  VectorListView,
} from './steering-types';
import type {
  CatalogView,
  DownloadStateName,
  DownloadView,
  HardwareView,
  InstalledModelView,
  InstalledView,
} from '../core/models/model-views';
import { settingsPatchSchema, type SettingsView } from './settings-schema';

export type { EngineState };

// Core's types the renderer uses, exported here so that the contract is all it imports.
export type { Article, ArticleFormat } from '../core/articles/article';
export type { ModelInfo, SamplingSettings, SummaryMode, SummaryStats } from '../core/engine/types';
export type { ActAddFront, SteeredPrompt, SteeringMethod, SteeringSettings } from '../core/engine/steering-settings';
export type { DocumentFormat, HistoryRecord, HistorySummary } from '../core/history/record';

export type { AccessTokenSource, GpuLayersSetting, ModelSettings, SettingsPatch, SettingsView } from './settings-schema';

export type {
  CatalogModelView,
  CatalogView,
  DownloadStateName,
  DownloadView,
  FitEstimate,
  GpuKind,
  HardwareInfo,
  HardwareView,
  InstalledModelView,
  InstalledView,
  ModelsDiskUsage,
  RunMode,
} from '../core/models/model-views';

export type {
  LibraryData,
  LibraryImportResult,
  LibraryListView,
  LibraryPairData,
  LibraryStyleData,
  LibraryView,
  SteeringInfo,
  SteeringMethodInfo,
  VectorBuildMethodInfo,
  VectorBuildProgressEvent,
  VectorBuildView,
  VectorFileView,
  VectorListView,
} from './steering-types';

export type {
  BestPick,
  CompareConfig,
  CompareProgress,
  ComparisonRecord,
  ComparisonResult,
  ComparisonRow,
  ComparisonSummary,
  EvalScoreResult,
  Preset,
  PresetInput,
  SavedPreset,
  ScoredText,
  ScoreTarget,
  StyleScoreName,
  SummaryScores,
  SweepBaselines,
  SweepBestSummary,
  SweepCell,
  SweepDetail,
  SweepEntry,
  SweepListItem,
  SweepRequestRecord,
  SweepResult,
  SweepStatus,
} from './eval-contract';

/** A catalog id ("mistral-7b-instruct-v0.2.Q4_K_M", its file name or its quantisation) or an installed model's id. */
const modelIdSchema = z.string().trim().min(1).max(200);

/** A pair library id ("builtin" or a user library's file name without .json). */
const libraryIdSchema = z.string().trim().min(1).max(64);

export { samplingSchema };

export const steeringSchema = z.object({
  method: z.enum(['actadd', 'caa', 'all']),
  pairId: z.string().min(1).optional(),
  vectorPath: z.string().min(1).optional(),
  layerStart: z.number().int().min(0),
  layerEnd: z.number().int().min(0),
  coefficient: z.number().finite(),
  /** Steered mode's prompt: neutral (default) or the style's prompt under the vector. */
  prompt: z.enum(['neutral', 'styled']).optional(),
  /** ActAdd only: where its front positions start (default: the user's message). */
  frontAt: z.enum(['start', 'message', 'article']).optional(),
  /** ActAdd only: 'eos' reproduces the original experiment's padding (default 'space'). */
  pairPadding: z.enum(['space', 'eos']).optional(),
});

/** An imported article, as requests carry it and as the import channels answer it. */
export const articleSchema = z.object({
  title: z.string(),
  text: z.string().min(1),
  source: z.string(),
  wordCount: z.number().int().min(0),
  format: z.enum(['txt', 'md', 'html', 'pdf', 'docx', 'eml', 'pasted']),
});

/**
 * Request channels: name → [args schema, result type]. Every file field (`path`, `vectorPath`)
 * holds a ChosenFile handle in the app and the bridge (request-paths.ts checks them all before a
 * handler runs; a control vector in the app's vector folder needs none), a typed path in the CLI.
 */
export const requestSchemas = {
  'app.info': z.object({}),
  /**
   * Files the operating system asked Steerling to open before the window listened (launch
   * arguments, macOS open-file); later ones come as `app.filesOpened`. Call once the listener is on.
   */
  'app.openedFiles': z.object({}),
  'articles.importPath': z.object({ path: z.string().min(1) }),
  'articles.importBytes': z.object({ name: z.string().min(1), bytes: z.instanceof(Uint8Array) }),
  'articles.fromText': z.object({ text: z.string(), title: z.string().optional() }),
  'summary.start': z.object({
    article: articleSchema,
    mode: z.enum(['plain', 'prompted', 'steered']),
    style: z.string().optional(),
    sampling: samplingSchema,
    steering: steeringSchema.optional(),
  }),
  'summary.cancel': z.object({ jobId: z.string().min(1) }),
  /**
   * Many article files summarised one after another, with one mode and one set of settings. Each
   * item's text and progress come as `summary.*` events under its `itemId`, its state as
   * `batch.item`; each is saved to the history as it finishes; a failed one never stops the rest.
   */
  'batch.start': z.object({
    files: z.array(z.string().min(1)).min(1).max(500),
    mode: z.enum(['plain', 'prompted', 'steered']),
    style: z.string().optional(),
    sampling: samplingSchema,
    steering: steeringSchema.optional(),
  }),
  /** One item (waiting or running), or without `itemId` the whole batch. */
  'batch.cancel': z.object({ batchId: z.string().min(1), itemId: z.string().min(1).optional() }),
  'history.list': z.object({
    query: z.string().optional(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  }),
  'history.get': z.object({ id: z.string().min(1) }),
  'history.delete': z.object({ ids: z.array(z.string().min(1)).min(1) }),
  /** One file: every chosen summary in order (Markdown: a heading per article). */
  'history.export': z.object({
    ids: z.array(z.string().min(1)).min(1),
    format: z.enum(['txt', 'md', 'docx']),
    path: z.string().min(1),
  }),
  /** A folder of one file per summary, named from the titles; an existing file is never replaced. */
  'history.exportFolder': z.object({
    ids: z.array(z.string().min(1)).min(1),
    format: z.enum(['txt', 'md', 'docx']),
    path: z.string().min(1),
  }),
  /** Scores, comparisons, sweeps and presets: eval-contract.ts. */
  ...evalRequestSchemas({ article: articleSchema, sampling: samplingSchema, steering: steeringSchema }),
  'models.current': z.object({}),
  'models.load': z.object({
    path: z.string().min(1),
    contextSize: z.number().int().min(256).max(131072).optional(),
  }),
  /** Catalog entries with their fit on this machine and the recommended one. */
  'models.catalog': z.object({}),
  /** Installed models, running and unfinished downloads, disk usage. */
  'models.installed': z.object({}),
  /**
   * Starts or resumes a catalog download; returns at once, progress comes as events. A file with
   * no sha256 to check it by (none pinned in the catalog, none from the hub) fails as
   * `models.unverified` unless the writer explicitly accepts that with `acceptUnverified`.
   */
  'models.download': z.object({ id: modelIdSchema, acceptUnverified: z.boolean().default(false) }),
  'models.pause': z.object({ id: modelIdSchema }),
  /** Stops a download and deletes its partial file. */
  'models.cancel': z.object({ id: modelIdSchema }),
  'models.import': z.object({ path: z.string().min(1), mode: z.enum(['copy', 'link']).default('copy') }),
  'models.delete': z.object({ id: modelIdSchema }),
  'models.hardware': z.object({}),
  /** Loads an installed model (by id) into the engine. */
  'models.use': z.object({
    id: modelIdSchema,
    contextSize: z.number().int().min(256).max(131072).optional(),
  }),
  /** Layer convention, the loaded model's steerable layers, methods and starting settings. */
  'steering.info': z.object({}),
  'libraries.list': z.object({}),
  'libraries.get': z.object({ id: libraryIdSchema }),
  /** Without `library.id`: creates a library (id from its name); with it: replaces that user library. Validated by the core schema. */
  'libraries.save': z.object({ library: z.record(z.string(), z.unknown()) }),
  'libraries.delete': z.object({ id: libraryIdSchema }),
  'libraries.import': z.object({ path: z.string().min(1) }),
  'libraries.export': z.object({ id: libraryIdSchema, path: z.string().min(1) }),
  /** Builds a control vector from a pair or a whole style with the loaded model; progress as `vectors.progress`. */
  'vectors.build': z.object({
    /** A pair reference, `[library:]style[/pair]`; or give `style`. */
    pairId: z.string().trim().min(1).max(200).optional(),
    style: z.string().trim().min(1).max(200).optional(),
    method: z.enum(['mean', 'pca']).default('mean'),
    layerStart: z.number().int(),
    layerEnd: z.number().int(),
    /** Token positions forming each pair's difference: all but BOS, or the last one. */
    positions: z.enum(['all', 'last']).default('all'),
    /** PCA only: subtract the mean difference first. */
    centre: z.boolean().default(false),
    /** Absolute path, or a file name in the app's vector folder; default: a name from the pair, method and layers. */
    path: z.string().trim().min(1).optional(),
    /** Replace an existing file at `path` (otherwise refused). */
    overwrite: z.boolean().default(false),
  }),
  /** Stops the running vector build; nothing is saved. */
  'vectors.cancel': z.object({}),
  'vectors.inspect': z.object({ path: z.string().min(1) }),
  /** Vectors saved in the app's vector folder. */
  'vectors.list': z.object({}),
  'dialog.saveFile': z.object({ defaultName: z.string(), format: z.enum(['txt', 'md', 'json', 'csv', 'docx']) }),
  /** Several articles for a batch: each an open handle; [] when the writer cancelled. */
  'dialog.openArticles': z.object({}),
  /** A folder for `history.exportFolder`: a save handle; null when the writer cancelled. */
  'dialog.chooseFolder': z.object({}),
  'dialog.openFile': z.object({ kind: z.enum(['article', 'model', 'vector', 'library']) }),
  /** The writer's model settings; the access token is never returned, only whether there is one. */
  'settings.get': z.object({}),
  /** Changes only the keys given; answers like `settings.get`. */
  'settings.set': settingsPatchSchema,
} as const;

/** A file the writer chose in a dialog or dropped: an opaque handle for the file channels, and the name to show. */
/** What the File and Edit menus (and their shortcuts in the window) ask the page to do. */
export type AppCommand = 'open-article' | 'find' | 'export-summary';

export interface ChosenFile {
  handle: string;
  name: string;
}

export interface AppInfo {
  version: string;
  /** "electron" in the app, "bridge" in the browser test harness, "cli" headless. */
  shell: 'electron' | 'bridge' | 'cli';
  styles: { id: string; label: string }[];
  dataDir: string;
  /** No usable model is installed and none is loaded: show the first-run model picker. */
  firstRun: boolean;
}

export interface RequestResults extends EvalRequestResults {
  'app.info': AppInfo;
  'app.openedFiles': ChosenFile[];
  'articles.importPath': Article;
  'articles.importBytes': Article;
  'articles.fromText': Article;
  'summary.start': { jobId: string };
  'summary.cancel': { cancelled: boolean };
  'batch.start': { batchId: string; items: { itemId: string; name: string }[] };
  /** How many items stopped. */
  'batch.cancel': { cancelled: number };
  /** `capped`: a broad search counted only its newest `total` hits (more match). */
  'history.list': { items: HistorySummary[]; total: number; capped: boolean };
  'history.get': HistoryRecord;
  'history.delete': { deleted: number };
  'history.export': { path: string; bytes: number };
  'history.exportFolder': { dir: string; files: { id: string; path: string; bytes: number }[] };
  'models.current': ModelInfo | null;
  'models.load': ModelInfo;
  'models.catalog': CatalogView;
  'models.installed': InstalledView;
  /** `state: 'done'` when the model is already installed. */
  'models.download': DownloadView;
  'models.pause': DownloadView;
  /** false when there was nothing to cancel. */
  'models.cancel': { cancelled: boolean };
  'models.import': InstalledModelView;
  'models.delete': { id: string };
  'models.hardware': HardwareView;
  'models.use': ModelInfo;
  /** null when the writer cancelled the dialog. */
  'steering.info': SteeringInfo;
  'libraries.list': LibraryListView;
  'libraries.get': LibraryView;
  'libraries.save': LibraryView;
  'libraries.delete': { id: string };
  'libraries.import': LibraryImportResult;
  'libraries.export': { path: string; bytes: number };
  'vectors.build': VectorBuildView;
  /** false when no build was running. */
  'vectors.cancel': { cancelled: boolean };
  'vectors.inspect': VectorFileView;
  'vectors.list': VectorListView;
  /**
   * `handle` stands for the chosen file in the file channels (`path`, `vectorPath`); the renderer
   * never sends a path of its own. A save handle works once; an open handle once, except a vector
   * file's, which lasts the session. null when the writer cancelled the dialog.
   */
  'dialog.saveFile': ChosenFile | null;
  'dialog.openFile': ChosenFile | null;
  'dialog.openArticles': ChosenFile[];
  'dialog.chooseFolder': ChosenFile | null;
  'settings.get': SettingsView;
  'settings.set': SettingsView;
}

export type RequestChannel = keyof typeof requestSchemas;
export type RequestArgs<C extends RequestChannel> = z.input<(typeof requestSchemas)[C]>;
export type ParsedArgs<C extends RequestChannel> = z.output<(typeof requestSchemas)[C]>;
export type RequestResult<C extends RequestChannel> = RequestResults[C];


/** Events main pushes to the renderer. */
export interface EventPayloads extends EvalEventPayloads {
  'summary.progress': { jobId: string; stage: 'map' | 'reduce'; done: number; total: number };
  'summary.text': { jobId: string; text: string };
  'summary.done': { jobId: string; record: HistoryRecord; stats: SummaryStats; cancelled: boolean };
  'summary.error': { jobId: string; code: string; message: string };
  'engine.state': EngineState;
  /**
   * A batch item changed state. `title` and `recordId` once known; `code` and `message` say why
   * it failed or was cancelled.
   */
  'batch.item': {
    batchId: string;
    itemId: string;
    name: string;
    state: 'waiting' | 'summarising' | 'done' | 'failed' | 'cancelled';
    title?: string;
    recordId?: string;
    code?: string;
    message?: string;
  };
  /** Every item of the batch has ended. */
  'batch.done': { batchId: string; done: number; failed: number; cancelled: number };
  /** The operating system asked Steerling to open these files (see `app.openedFiles`). */
  'app.filesOpened': { files: ChosenFile[] };
  /** A command from the application menu (its shortcut is taken by the menu before the page sees it). */
  'app.command': { command: AppCommand };
  /** A few per second at most, per download. */
  'models.progress': { id: string; bytes: number; total: number | null; speed: number; etaSeconds: number | null };
  /** `code` only with `failed`. */
  'models.state': { id: string; state: DownloadStateName; message?: string; code?: string };
  /** While `vectors.build` runs: pairs read so far, then saving. */
  'vectors.progress': VectorBuildProgressEvent;
}
export type EventChannel = keyof EventPayloads;
/** One event as a discriminated union, so a `switch (e.event)` narrows its payload. */
export type AppEvent = { [E in EventChannel]: { event: E; payload: EventPayloads[E] } }[EventChannel];

/** Errors cross the boundary as data, so the renderer can show `message` as is. */
export interface IpcErrorPayload {
  code: string;
  message: string;
}
export type IpcResponse<T> = { ok: true; value: T } | { ok: false; error: IpcErrorPayload };

/** The preload object, `window.steerling`. */
export interface SteerlingApi {
  invoke<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  /**
   * A handle (as from `dialog.openFile`) for a file the writer dropped or picked in the page, to
   * import by `articles.importPath`; '' where the shell cannot know the file's path (browser, or a
   * file made by the page), and the renderer sends its bytes instead.
   */
  grantDroppedFile(file: File): Promise<string>;
}
