/**
 * The one implementation of the contract, shared by every shell (Electron main, the browser test
 * bridge, the CLI). It validates each call against the contract's schemas, runs it on the core
 * services, and pushes events to whoever listens. No Electron here: shells only move the calls.
 */
import { basename } from 'node:path';
import { articleFromText } from '../core/articles';
import { WorkerArticleImporter, type ArticleImporter } from '../core/articles/worker/worker-importer';
import { listStyles } from '../core/engine';
import type { ModelInfo, SummaryEngine } from '../core/engine/types';
import { hashText, HistoryStore, writeExport, writeExportFolder } from '../core/history';
import type { HistoryRecord } from '../core/history/record';
import { ModelManager, modelsFolder, type ModelManagerOptions } from '../core/models/model-manager';
import { historyFile } from '../core/paths';
import type { AppBackend, DialogProvider } from './backend';
import type { ChannelHandlers } from './channel-types';
import {
  requestSchemas,
  type AppInfo,
  type EngineState,
  type EventChannel,
  type EventPayloads,
  type ParsedArgs,
  type RequestChannel,
  type RequestResult,
} from '../ipc/contract';
import { invalidArgsError, IpcError } from '../ipc/ipc-error';
import { checkEvent, errorEventFor, resultProblem } from '../ipc/event-schemas';
import type { OpenedFiles } from './opened-files';
import type { PathAccess } from './path-access';
import { checkRequestPaths } from './request-paths';
import { createModelHandlers, forwardModelEvents } from './model-handlers';
import { JsonSettingsFile, settingsFilePath } from './model-settings-file';
import { createSettingsHandlers, ModelSettingsService } from './settings-handlers';
import type { ModelSettingsStore } from './model-settings-store';
import { SummaryJobs } from './summary-jobs';
import { BatchJobs } from './batch-jobs';
import type { VectorBuilder } from '../core/worker/vector-build';
import { libraryFolder, vectorFolder } from './steering-folders';
import { createSteeringService, isVectorBuilder } from './steering-handlers';
import type { EvaluationRunner } from '../core/eval/runner';
import { createEvalService, defaultEvaluationRunner } from './eval-handlers';

export interface AppBackendOptions {
  dataDir: string;
  /** The backend owns the engine from here on: `dispose()` disposes it. */
  engine: SummaryEngine;
  dialogs: DialogProvider;
  /**
   * Which paths the file channels may touch: `PathGrants` in the app and the bridge (only what a
   * dialog or a drop granted), `trustedPaths` in the CLI (the writer typed them).
   */
  paths: PathAccess;
  shell: AppInfo['shell'];
  version: string;
  /** Largest article file accepted, in bytes (the importer's default otherwise). */
  maxArticleBytes?: number;
  /**
   * Reads article files; default: a worker process forked with Node. The Electron shell passes
   * one in a utilityProcess. The backend owns it: `dispose()` disposes it.
   */
  articleImporter?: ArticleImporter;
  /** Files the operating system asks the app to open (Electron main only). */
  openedFiles?: OpenedFiles;
  /** Told after each successful model load, e.g. so a shell can reopen it next time. */
  onModelLoaded?: (model: ModelInfo) => void;
  /**
   * Model management settings from the shell: where the access token lives, the download server,
   * a test catalog. The models folder defaults to `<dataDir>/models`.
   */
  models?: Partial<ModelManagerOptions>;
  /**
   * Where the writer's model settings (download server, token, loading) are kept; default: the
   * JSON file in the data folder, which never holds a token. `models.hubEndpoint` and
   * `models.accessToken` still apply: the first wins over the saved server, the second is used
   * when the writer has saved no token.
   */
  settings?: ModelSettingsStore;
  /** Builds steering vectors with the loaded model; default: the engine itself when it can (EngineClient). */
  vectorBuilder?: VectorBuilder;
  /** The writer's pair libraries; default `<dataDir>/libraries` (or STEERLING_PAIR_LIBRARY_DIR). Give the engine the same folder. */
  libraryDir?: string;
  /** Scores, comparisons and sweeps; default: the engine itself when it can (EngineClient), else in-process over it. */
  evaluation?: EvaluationRunner;
}

/** Engines that report their lifecycle (the out-of-process client does). */
interface EngineStateSource {
  onState(listener: (state: EngineState) => void): (() => void) | void;
}

function hasStateSource(engine: SummaryEngine): engine is SummaryEngine & EngineStateSource {
  return typeof (engine as Partial<EngineStateSource>).onState === 'function';
}

type EventListener = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void;
type Handlers = ChannelHandlers<RequestChannel>;

function isRequestChannel(channel: unknown): channel is RequestChannel {
  return typeof channel === 'string' && Object.hasOwn(requestSchemas, channel);
}

export function createAppBackend(options: AppBackendOptions): AppBackend {
  const { engine, dialogs } = options;
  const listeners = new Set<EventListener>();
  let disposed = false;

  const emit: EventListener = (event, payload) => {
    const checked = checkEvent(event, payload);
    if (!checked.ok) {
      console.error(`steerling: ${checked.problem} It was not sent.`);
      const ending = errorEventFor(event, payload, checked.problem);
      if (ending) emit(ending.event, ending.payload as never);
      return;
    }
    for (const listener of listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        // One broken listener (a closed window) must not starve the others.
        console.error(`steerling: listener for ${event} failed`, error);
      }
    }
  };

  // Opened on first use: app.info and dialogs work even where the data folder is not writable yet.
  let history: HistoryStore | undefined;
  const openHistory = async (): Promise<HistoryStore> => {
    history ??= await HistoryStore.open(historyFile(options.dataDir));
    return history;
  };

  // Started on first import: most sessions of the CLI never read an article file.
  let importer = options.articleImporter;
  const articles = (): ArticleImporter =>
    (importer ??= new WorkerArticleImporter({ limits: { maxBytes: options.maxArticleBytes } }));

  const jobs = new SummaryJobs({
    engine,
    emit,
    hashText,
    saveRecord: async (record) => (await openHistory()).add(record),
  });
  const batches = new BatchJobs({ summaries: jobs, emit, importFile: (path) => articles().importFile(path) });
  /** Summaries being written now, alone or in a batch. */
  const summariesRunning = (): number => jobs.activeCount + batches.activeCount;

  const modelSettings = new ModelSettingsService({
    store: options.settings ?? new JsonSettingsFile(settingsFilePath(options.dataDir)),
    shellHubEndpoint: options.models?.hubEndpoint,
    shellAccessToken: options.models?.accessToken,
    confirmHubChange: (change) => dialogs.confirmHubChange(change),
  });
  const models = new ModelManager({
    modelsDir: modelsFolder(options.dataDir),
    ...options.models,
    hubEndpoint: () => modelSettings.hubEndpoint(),
    accessToken: modelSettings.accessToken,
  });
  const stopModelEvents = forwardModelEvents(models, emit);

  const steering = createSteeringService({
    engine,
    builder: options.vectorBuilder ?? (isVectorBuilder(engine) ? engine : undefined),
    libraryDir: options.libraryDir ?? libraryFolder(options.dataDir),
    vectorDir: vectorFolder(options.dataDir),
    emit,
  });

  const evaluation = createEvalService({
    runner: options.evaluation ?? defaultEvaluationRunner(engine, options.libraryDir ?? libraryFolder(options.dataDir)),
    engine,
    emit,
    dataDir: options.dataDir,
    history: openHistory,
    summariesRunning,
  });

  /**
   * Loading a model unloads the one in use: not while a summary, comparison, sweep, scoring or
   * vector build still reads it (the engine would free native memory under it).
   */
  const assertModelFree = (): void => {
    const reason =
      evaluation.busyReason() ??
      steering.busyReason() ??
      (summariesRunning() > 0 ? 'A summary is being written with the model. Wait for it or cancel it first.' : null);
    if (reason) throw new IpcError('engine.busy', `${reason} Then load the other model.`);
  };
  const modelHandlers = createModelHandlers({ manager: models, engine, onModelLoaded: options.onModelLoaded, loadOptions: (contextSize) => modelSettings.loadOptions(contextSize) });

  /** No usable model installed and none loaded; a folder that cannot be read counts as empty. */
  const isFirstRun = async (): Promise<boolean> =>
    engine.currentModel() === null && !(await models.hasUsableModel().catch(() => false));

  options.openedFiles?.connect((files) => emit('app.filesOpened', { files }));

  const stopEngineState = hasStateSource(engine)
    ? engine.onState((state) => emit('engine.state', state))
    : undefined;

  const findRecords = async (ids: readonly string[]): Promise<HistoryRecord[]> => {
    const store = await openHistory();
    const found = ids.map((id) => store.get(id) ?? undefined);
    const missing = found.filter((record) => record === undefined).length;
    if (missing > 0) {
      throw new IpcError(
        'history.not-found',
        missing === 1 && ids.length === 1
          ? 'That summary is no longer in the history; it may have been deleted.'
          : `${missing} of the chosen summaries are no longer in the history; they may have been deleted.`,
      );
    }
    return found as HistoryRecord[];
  };

  /** A summary's or a batch's settings, checked once before anything runs; a steered one gets its style. */
  const checkSummary = async <A extends ParsedArgs<'summary.start' | 'batch.start'>>(args: A): Promise<A> => {
    const evaluating = evaluation.busyReason();
    if (evaluating) throw new IpcError('engine.busy', evaluating);
    if (args.mode === 'steered' && args.steering) {
      await steering.checkSettings(args.steering, args.style);
      args = { ...args, style: args.style ?? steering.styleOf(args.steering) };
    }
    if (args.mode !== 'plain' && !args.style) {
      throw new IpcError('ipc.invalid-args', `Choose a style for a ${args.mode} summary.`);
    }
    if (args.mode === 'steered' && !args.steering) {
      throw new IpcError('ipc.invalid-args', 'A steered summary needs steering settings (pair, layers and strength).');
    }
    return args;
  };

  const handlers: Handlers = {
    'app.info': async () => ({
      version: options.version,
      shell: options.shell,
      styles: listStyles().map(({ id, label }) => ({ id, label })),
      dataDir: options.dataDir,
      firstRun: await isFirstRun(),
    }),
    'app.openedFiles': async () => options.openedFiles?.take() ?? [],
    'articles.importPath': ({ path }) => articles().importFile(path),
    'articles.importBytes': ({ name, bytes }) => articles().importBytes(name, bytes),
    'articles.fromText': async ({ text, title }) => articleFromText(text, title),
    'summary.start': async (args) => ({ jobId: jobs.start(await checkSummary(args)) }),
    'summary.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'batch.start': async (args) => batches.start(await checkSummary(args)),
    'batch.cancel': async ({ batchId, itemId }) => ({ cancelled: batches.cancel(batchId, itemId) }),
    'history.list': async ({ query, limit, offset }) => {
      const store = await openHistory();
      const trimmed = query?.trim();
      return store.list({ query: trimmed ? trimmed : undefined, limit, offset });
    },
    'history.get': async ({ id }) => (await findRecords([id]))[0],
    'history.delete': async ({ ids }) => ({ deleted: (await openHistory()).delete(ids) }),
    'history.export': async ({ ids, format, path }) => writeExport(await findRecords(ids), format, path),
    'history.exportFolder': async ({ ids, format, path }) => writeExportFolder(await findRecords(ids), format, path),
    'models.current': async () => engine.currentModel(),
    'models.load': async ({ path, contextSize }) => {
      assertModelFree();
      const model = await engine.loadModel(path, modelSettings.loadOptions(contextSize));
      options.onModelLoaded?.(model);
      return model;
    },
    ...modelHandlers,
    'models.use': async (args) => {
      assertModelFree();
      return modelHandlers['models.use'](args);
    },
    ...createSettingsHandlers(modelSettings, () => models.hubEndpoint()),
    ...steering.handlers,
    ...evaluation.handlers,
    'dialog.saveFile': async ({ defaultName, format }) => {
      const chosen = await dialogs.saveFile(defaultName, format);
      return chosen ? { handle: options.paths.grant(chosen, 'write'), name: basename(chosen) } : null;
    },
    'dialog.openArticles': async () => {
      const chosen = (await dialogs.openArticles?.()) ?? [];
      return chosen.map((file) => ({ handle: options.paths.grant(file, 'read'), name: basename(file) }));
    },
    'dialog.chooseFolder': async () => {
      const chosen = (await dialogs.chooseFolder?.()) ?? null;
      return chosen ? { handle: options.paths.grant(chosen, 'write'), name: basename(chosen) } : null;
    },
    'dialog.openFile': async ({ kind }) => {
      const chosen = await dialogs.openFile(kind);
      // A vector file is inspected, then used by every steered run until another is chosen; a
      // model file is loaded, then linked into the models folder so it is listed there.
      const reusable = kind === 'vector' || kind === 'model';
      return chosen ? { handle: options.paths.grant(chosen, 'read', { reusable }), name: basename(chosen) } : null;
    },
  };

  return {
    async handle<C extends RequestChannel>(channel: C, rawArgs: unknown): Promise<RequestResult<C>> {
      if (!isRequestChannel(channel)) {
        throw new IpcError('ipc.unknown-channel', `Steerling does not know the request "${String(channel)}".`);
      }
      if (disposed) throw new IpcError('internal', 'Steerling is shutting down.');
      const parsed = requestSchemas[channel].safeParse(rawArgs ?? {});
      if (!parsed.success) throw invalidArgsError(channel, parsed.error);
      const args = checkRequestPaths(channel, parsed.data as ParsedArgs<C>, options.paths, vectorFolder(options.dataDir));
      const handler = handlers[channel] as (args: unknown) => Promise<RequestResult<C>>;
      const result = await handler(args);
      const problem = resultProblem(channel, result);
      if (problem) {
        console.error(`steerling: ${problem}`);
        throw new IpcError('ipc.bad-result', `${problem} Steerling did not pass it on; please report it.`);
      }
      return result;
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async dispose() {
      if (disposed) return;
      disposed = true;
      // Jobs save what they have before the engine and the database go away.
      // A vector build reads the model's activations natively: it must have stopped before the engine frees the model.
      await Promise.all([batches.cancelAll(), jobs.cancelAll(), evaluation.cancelAll(), steering.cancelAll(), importer?.dispose()]);
      // Running downloads pause: their bytes stay on disk and the next download continues them.
      await models.dispose().catch((error: unknown) => console.error('steerling: downloads did not pause cleanly', error));
      stopModelEvents();
      if (typeof stopEngineState === 'function') stopEngineState();
      listeners.clear();
      try {
        await engine.dispose();
      } finally {
        history?.close();
        history = undefined;
      }
    },
  };
}
