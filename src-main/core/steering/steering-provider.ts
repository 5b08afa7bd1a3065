/**
 * The engine's SteeringProvider: turns SteeringSettings into a SteeringInjector for one request.
 *
 * Vector sources: `settings.pairId` (a pair reference, see pair-library.ts), else
 * `settings.vectorPath` (a control-vector file), else the request's style in the built-in library.
 * - actadd: the pair's (or style's first pair's) per-position differences at each layer of
 *   layerStart..layerEnd; vector files cannot be used (they have no positions).
 * - caa / all: one vector per layer: for a single pair its ActAdd differences averaged over
 *   positions (BOS excluded); for a whole style the mean of its pairs' differences; or the file.
 * Built vectors are cached per model, so repeated requests do not re-read activations.
 */
import type { LlamaContext, LlamaModel } from 'node-llama-cpp';
import type { SteeringHook, SteeringProvider, SteeringStageContext } from '../engine/steering-hook';
import { buildActAddVectors, buildMeanDifference } from './builders';
import { readControlVectorFile } from './control-vector-file';
import { toEngineError } from './engine-errors';
import { SteeringError } from './errors';
import { SteeringInjector, type InjectionPlan } from './injection';
import { assertSteerableRange } from './layers';
import { originalExperimentLibrary } from './original-experiment-pair';
import { builtinLibrary, resolvePairReference, type PairLibrary } from './pair-library';
import { pairLibrariesFromEnv } from './pair-library-store';
import type { SteeringSettings } from '../engine/steering-settings';
import { bridgeFor, perPositionVectors, readerFor } from './vector-building';
import { assertCoefficient, type LayerVectors } from './vectors';

export interface SteeringProviderOptions {
  /** Libraries that pair references resolve against; default: the built-in one only. */
  libraries?: () => Promise<readonly PairLibrary[]>;
  /** Built vectors kept per model. Default 16. */
  cacheSize?: number;
}

type Target = { model: LlamaModel; context: LlamaContext };

export function createSteeringProvider(options: SteeringProviderOptions = {}): SteeringProvider {
  const given = options.libraries ?? (async () => [builtinLibrary()]);
  // The original experiment's negation pair, which no library may hold, for its reproduction only.
  const libraries = async () => [...(await given()), originalExperimentLibrary()];
  const cacheSize = options.cacheSize ?? 16;
  const caches = new WeakMap<LlamaModel, Map<string, Promise<InjectionVectors>>>();

  async function cached(model: LlamaModel, key: string, build: () => Promise<InjectionVectors>): Promise<InjectionVectors> {
    let cache = caches.get(model);
    if (!cache) caches.set(model, (cache = new Map()));
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit); // most recently used last
      return hit;
    }
    const pending = build();
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
    while (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
    return pending;
  }

  async function planFor(settings: SteeringSettings, target: Target, style: string | undefined): Promise<InjectionPlan> {
    const bridge = bridgeFor(target.context);
    assertCoefficient(settings.coefficient);
    assertSteerableRange(settings.layerStart, settings.layerEnd, bridge.nLayer);
    const layers = Array.from({ length: settings.layerEnd - settings.layerStart + 1 }, (_, i) => settings.layerStart + i);
    const range = { layerStart: settings.layerStart, layerEnd: settings.layerEnd, coefficient: settings.coefficient };

    if (settings.pairId === undefined && settings.vectorPath !== undefined) {
      if (settings.method === 'actadd') {
        throw new SteeringError('invalid-pair', 'ActAdd needs a steering pair; a vector file works with "after prompt" or "all positions".');
      }
      const file = await readControlVectorFile(settings.vectorPath);
      return settings.method === 'caa'
        ? { mode: 'caa', vectors: file.vectors, ...range }
        : { mode: 'all', parts: [{ vectors: file.vectors, strength: 1 }], ...range };
    }

    const reference = settings.pairId ?? style;
    if (!reference) throw new SteeringError('invalid-pair', 'Choose a steering pair, a style or a vector file.');
    const resolved = resolvePairReference(reference, await libraries());
    const eosPadding = settings.method === 'actadd' && settings.pairPadding === 'eos';
    const key = JSON.stringify({ method: settings.method === 'actadd' ? 'actadd' : 'mean', pairs: resolved.pairs, layers, eosPadding });
    const vectors = await cached(target.model, key, async () => {
      const reader = readerFor(target);
      if (settings.method === 'actadd') {
        const eos = target.model.tokens.eos;
        if (eosPadding && eos === null) throw new SteeringError('invalid-pair', 'This model has no end-of-sequence token to pad the pair with.');
        const padToken = eosPadding ? eos! : undefined;
        return { perPosition: perPositionVectors(await buildActAddVectors(reader, resolved.pairs[0], layers, { padToken })) };
      }
      return { vectors: await buildMeanDifference(reader, resolved.pairs, layers) };
    });
    if (settings.method === 'actadd') return { mode: 'actadd', perPosition: vectors.perPosition!, ...range };
    if (settings.method === 'caa') return { mode: 'caa', vectors: vectors.vectors!, ...range };
    return { mode: 'all', parts: [{ vectors: vectors.vectors!, strength: 1 }], ...range };
  }

  return {
    async createHook(settings, target) {
      try {
        if (settings.pairId !== undefined && settings.vectorPath !== undefined) {
          throw new SteeringError('invalid-pair', 'Use either a steering pair or a vector file, not both.');
        }
        const bridge = bridgeFor(target.context);
        if (settings.pairId === undefined && settings.vectorPath === undefined) {
          // The style comes with the request, which the hook first sees in beforePrompt.
          assertCoefficient(settings.coefficient);
          assertSteerableRange(settings.layerStart, settings.layerEnd, bridge.nLayer);
          return new DeferredHook((style) => planFor(settings, target, style).then((plan) => new SteeringInjector(bridge, plan)));
        }
        return new SteeringInjector(bridge, await planFor(settings, target, undefined));
      } catch (error) {
        throw toEngineError(error);
      }
    },
  };
}

/**
 * The provider an engine process uses: built-in pairs plus the user libraries in
 * STEERLING_PAIR_LIBRARY_DIR when the host sets it (re-read per request, so edits apply at once).
 */
export function createSteeringProviderFromEnv(env: NodeJS.ProcessEnv = process.env): SteeringProvider {
  return createSteeringProvider({ libraries: pairLibrariesFromEnv(env) });
}

interface InjectionVectors {
  perPosition?: LayerVectors[];
  vectors?: LayerVectors;
}

/** A hook whose vectors depend on the request's style, built when the stage starts. */
class DeferredHook implements SteeringHook {
  private inner: SteeringInjector | undefined;

  constructor(private readonly build: (style: string | undefined) => Promise<SteeringInjector>) {}

  async beforePrompt(stage: SteeringStageContext): Promise<{ evaluatedPrefixTokens: number }> {
    try {
      this.inner ??= await this.build(stage.request.style);
      return await this.inner.beforePrompt(stage);
    } catch (error) {
      throw toEngineError(error);
    }
  }

  async beforeGeneration(): Promise<void> {
    await this.inner?.beforeGeneration();
  }

  async cleanup(stage: SteeringStageContext): Promise<void> {
    if (this.inner) await this.inner.cleanup(stage);
  }
}
