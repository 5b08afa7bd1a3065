/**
 * The steering channels of the contract (`steering.info`, `libraries.*`, `vectors.*`) and the
 * check a steered `summary.start` gets before its job starts, so a wrong layer, pair or file is
 * refused at once with the reason rather than failing inside the engine.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SummaryEngine } from '../core/engine/types';
import type { VectorBuilder } from '../core/worker/vector-build';
import { readControlVectorFile } from '../core/steering/control-vector-file';
import { SteeringError } from '../core/steering/errors';
import { assertSteerableRange } from '../core/steering/layers';
import { resolvePairReference, type ResolvedPairs } from '../core/steering/pair-library';
import { PairLibraryStore } from '../core/steering/pair-library-store';
import type { SteeringSettings } from '../core/engine/steering-settings';
import { assertCoefficient } from '../core/steering/vectors';
import type { ParsedArgs, RequestResult } from '../ipc/contract';
import { IpcError } from '../ipc/ipc-error';
import { createLibraryHandlers, type LibraryChannel, type LibraryHandlers } from './library-handlers';
import { steeringInfo } from './steering-info';
import { describeFit, inspectVectorFile, listVectorFiles } from './vector-files';
import type { Emit } from './channel-types';

export type SteeringChannel = 'steering.info' | LibraryChannel | 'vectors.build' | 'vectors.cancel' | 'vectors.inspect' | 'vectors.list';
export type SteeringHandlers = LibraryHandlers & {
  [C in Exclude<SteeringChannel, LibraryChannel>]: (args: ParsedArgs<C>) => Promise<RequestResult<C>>;
};


export interface SteeringHandlerDeps {
  engine: SummaryEngine;
  /** Builds vectors with the engine's model; absent where the engine cannot (then vectors.build says so). */
  builder?: VectorBuilder;
  libraryDir: string;
  vectorDir: string;
  emit: Emit;
}

export function isVectorBuilder(value: unknown): value is VectorBuilder {
  return typeof (value as Partial<VectorBuilder> | null)?.buildVector === 'function';
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'vector';
}

export interface SteeringService {
  handlers: SteeringHandlers;
  /** Throws a clear error unless these settings can steer a summary with the loaded model (`style` stands in for a missing pair). */
  checkSettings(settings: SteeringSettings, style?: string): Promise<void>;
  /** The style a steered summary is filed under: the pair's style id, or the vector file's name. */
  styleOf(settings: SteeringSettings): string;
  /** Why the model cannot be swapped now (a vector is being built with it), or null. */
  busyReason(): string | null;
  /** Stops a running build and waits until it has let go of the model. */
  cancelAll(): Promise<void>;
}

export function createSteeringService(deps: SteeringHandlerDeps): SteeringService {
  const store = new PairLibraryStore(deps.libraryDir);
  const { engine } = deps;
  /** The running build's cancel switch, and its end; one build runs at a time. */
  let building: AbortController | null = null;
  let buildEnded: Promise<unknown> = Promise.resolve();

  const resolve = async (reference: string): Promise<ResolvedPairs> => resolvePairReference(reference, (await store.list()).libraries);

  /** Absolute .gguf path; a bare name goes into the vector folder. */
  const vectorPath = (given: string | undefined, fallbackName: string): string => {
    const raw = given?.trim() || fallbackName;
    const named = raw.toLowerCase().endsWith('.gguf') ? raw : `${raw}.gguf`;
    return path.isAbsolute(named) ? named : path.join(deps.vectorDir, named);
  };

  const handlers: SteeringHandlers = {
    ...createLibraryHandlers(store),
    'steering.info': async () => steeringInfo(engine.currentModel(), deps.vectorDir),
    'vectors.inspect': async ({ path: file }) => inspectVectorFile(file, engine.currentModel()),
    'vectors.list': async () => listVectorFiles(deps.vectorDir, engine.currentModel()),
    'vectors.cancel': async () => {
      if (!building || building.signal.aborted) return { cancelled: false };
      building.abort();
      return { cancelled: true };
    },
    'vectors.build': async (args) => {
      const model = engine.currentModel();
      if (!model) throw new IpcError('engine.no-model', 'No model is loaded. Choose a model before building a steering vector.');
      if (!deps.builder) throw new IpcError('steering.unavailable', 'This engine cannot build steering vectors.');
      const reference = args.pairId ?? args.style;
      if (!reference) throw new IpcError('ipc.invalid-args', 'Choose a steering pair or a style to build the vector from.');
      const resolved = await resolve(reference);
      assertSteerableRange(args.layerStart, args.layerEnd, model.nLayer);
      const layers = args.layerStart === args.layerEnd ? `L${args.layerStart}` : `L${args.layerStart}-${args.layerEnd}`;
      const file = vectorPath(args.path, `${slug(reference)}-${args.method}-${layers}`);
      if (!args.overwrite && existsSync(file)) {
        throw new IpcError('steering.file-exists', `There is already a file at ${file}, so nothing was built. Choose another name, or ask to replace it.`);
      }
      if (building) throw new IpcError('engine.busy', 'A steering vector is already being built. Wait for it to finish or cancel it.');
      const controller = (building = new AbortController());
      const request = {
        pairs: resolved.pairs,
        pairReference: reference,
        method: args.method,
        layerStart: args.layerStart,
        layerEnd: args.layerEnd,
        positions: args.positions,
        centre: args.centre,
        path: file,
      };
      const run = deps.builder.buildVector(request, {
        signal: controller.signal,
        onProgress: (progress) => deps.emit('vectors.progress', { path: file, ...progress }),
      });
      buildEnded = run.catch(() => undefined);
      try {
        const result = await run;
        return { ...result, pairReference: reference };
      } finally {
        if (building === controller) building = null;
      }
    },
  };

  return {
    handlers,
    async checkSettings(settings, style) {
      if (settings.pairId !== undefined && settings.vectorPath !== undefined) {
        throw new SteeringError('invalid-pair', 'Use either a steering pair or a vector file, not both.');
      }
      assertCoefficient(settings.coefficient);
      const model = engine.currentModel();
      if (model) assertSteerableRange(settings.layerStart, settings.layerEnd, model.nLayer);
      if (settings.vectorPath !== undefined) {
        if (settings.method === 'actadd') {
          throw new SteeringError('invalid-pair', 'ActAdd needs a steering pair; a vector file works with "after the prompt" or "all positions".');
        }
        const file = await readControlVectorFile(settings.vectorPath);
        if (model) {
          const layers = [...file.vectors.layers.keys()].sort((a, b) => a - b);
          const fit = describeFit({ nEmbd: file.vectors.nEmbd, layers, modelHint: file.modelHint ?? null }, model);
          if (!fit.ok) throw new SteeringError('vector-mismatch', fit.message);
          if (!layers.some((layer) => layer >= settings.layerStart && layer <= settings.layerEnd)) {
            throw new SteeringError(
              'invalid-layer',
              `The vector file has no direction in layers ${settings.layerStart}–${settings.layerEnd} (it has layers ${layers.join(', ')}).`,
            );
          }
        }
        return;
      }
      const reference = settings.pairId ?? style;
      if (reference === undefined) throw new SteeringError('invalid-pair', 'Choose a steering pair, a style or a vector file.');
      await resolve(reference);
    },
    busyReason: () => (building ? 'A steering vector is being built with the model. Wait for it to finish or cancel it first.' : null),
    async cancelAll() {
      building?.abort();
      await buildEnded;
    },
    styleOf(settings) {
      if (settings.pairId !== undefined) {
        const match = /^(?:[a-z0-9-]+:)?([a-z0-9-]+)/.exec(settings.pairId.trim());
        return match?.[1] ?? settings.pairId;
      }
      return settings.vectorPath ? path.basename(settings.vectorPath) : 'steered';
    },
  };
}
