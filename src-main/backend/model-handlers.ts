/**
 * The `models.*` channels of the contract on top of the ModelManager, and its events turned into
 * contract events. Kept beside app-backend.ts so that file stays the map of the whole backend.
 */
import type { ModelManager, ModelManagerEvent } from '../core/models/model-manager';
import type { LoadModelOptions, ModelInfo, SummaryEngine } from '../core/engine/types';
import type { Emit, ChannelHandlers } from './channel-types';

export type ModelChannel =
  | 'models.catalog'
  | 'models.installed'
  | 'models.download'
  | 'models.pause'
  | 'models.cancel'
  | 'models.import'
  | 'models.delete'
  | 'models.hardware'
  | 'models.use';

export type ModelHandlers = ChannelHandlers<ModelChannel>;

export interface ModelHandlerDeps {
  manager: ModelManager;
  engine: SummaryEngine;
  onModelLoaded?: (model: ModelInfo) => void;
  /** The writer's loading settings, an explicit context size winning; default: only that context size. */
  loadOptions?: (contextSize: number | undefined) => LoadModelOptions | undefined;
}

export function createModelHandlers({ manager, engine, onModelLoaded, loadOptions = contextOnly }: ModelHandlerDeps): ModelHandlers {
  const loadedPath = () => engine.currentModel()?.path ?? null;
  return {
    'models.catalog': () => manager.catalogView(),
    'models.installed': () => manager.installed(loadedPath()),
    'models.download': ({ id, acceptUnverified }) => manager.download(id, { acceptUnverified }),
    'models.pause': ({ id }) => manager.pause(id),
    'models.cancel': ({ id }) => manager.cancel(id),
    'models.import': ({ path, mode }) => manager.importModel(path, mode, loadedPath()),
    'models.delete': async ({ id }) => {
      await manager.deleteModel(id);
      return { id };
    },
    'models.hardware': () => manager.hardware(),
    'models.use': async ({ id, contextSize }) => {
      const installed = await manager.usableModel(id);
      const model = await engine.loadModel(installed.path, loadOptions(contextSize));
      onModelLoaded?.(model);
      return model;
    },
  };
}

function contextOnly(contextSize: number | undefined): LoadModelOptions | undefined {
  return contextSize === undefined ? undefined : { contextSize };
}


/** Forwards manager events as `models.progress` / `models.state`. */
export function forwardModelEvents(manager: ModelManager, emit: Emit): () => void {
  return manager.onEvent((event: ModelManagerEvent) => {
    if (event.type === 'progress') {
      const { id, bytes, total, speed, etaSeconds } = event;
      emit('models.progress', { id, bytes, total, speed, etaSeconds });
      return;
    }
    const { id, state, message, code } = event;
    emit('models.state', {
      id,
      state,
      ...(message === undefined ? {} : { message }),
      ...(code === undefined ? {} : { code }),
    });
  });
}
