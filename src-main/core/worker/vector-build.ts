/**
 * "Build a steering vector once from many pairs and save it": runs next to generation, on the
 * engine's loaded model, in whichever process holds it (the engine worker for the app and the
 * test bridge, the CLI's own process). Pairs arrive already resolved from a library, so this side
 * never reads library files.
 *
 * Progress counts pairs whose activations have been read; reading goes a few pairs at a time so
 * the count moves and a cancel is honoured between reads.
 */
import { stat } from 'node:fs/promises';
import type { ActivationReader } from '../steering/activation-reader';
import { buildMeanDifference, buildPcaVector, type PairPositions, type SteeringPair } from '../steering/builders';
import { SteeringError } from '../steering/errors';
import { assertSteerableRange } from '../steering/layers';
import { readerFor, saveSteeringVector } from '../steering/vector-building';
import { EngineError } from '../engine/types';
import type { LocalEngine } from '../engine/local-engine';
import type { VectorBuildMethod, VectorBuildProgress, VectorBuildResult } from '../steering/vector-build-types';

export type { VectorBuildMethod, VectorBuildProgress, VectorBuildResult };

export interface VectorBuildRequest {
  pairs: SteeringPair[];
  /** How the pairs were chosen ("shakespearean", "mine:olde/thou"), stored in the file. */
  pairReference?: string;
  method: VectorBuildMethod;
  /** Block-input layers, inclusive (see steering/layers.ts). */
  layerStart: number;
  layerEnd: number;
  positions: PairPositions;
  /** PCA only: subtract the mean difference first. */
  centre: boolean;
  /** Where the control-vector .gguf goes (absolute). */
  path: string;
}


export interface VectorBuildOptions {
  onProgress?: (progress: VectorBuildProgress) => void;
  signal?: AbortSignal;
}

/** What can build vectors: the EngineClient (across the process boundary) or a local adapter. */
export interface VectorBuilder {
  buildVector(request: VectorBuildRequest, options?: VectorBuildOptions): Promise<VectorBuildResult>;
}

/** Pairs per activation read: small enough for visible progress, large enough to batch. */
const PAIRS_PER_READ = 2;

/** Wraps a reader so each capture goes a few pairs at a time, reporting and honouring cancel. */
function progressReader(inner: ActivationReader, total: number, options: VectorBuildOptions): ActivationReader {
  let done = 0;
  return {
    nEmbd: inner.nEmbd,
    nLayer: inner.nLayer,
    padToken: inner.padToken,
    tokenize: (text) => inner.tokenize(text),
    async capture(sequences, layers) {
      const out = new Map<number, Float32Array[]>(layers.map((layer) => [layer, []]));
      const step = PAIRS_PER_READ * 2;
      for (let start = 0; start < sequences.length; start += step) {
        if (options.signal?.aborted) throw new EngineError('invalid-request', 'Building the vector was cancelled; nothing was saved.');
        const part = await inner.capture(sequences.slice(start, start + step), layers);
        for (const layer of layers) out.get(layer)!.push(...part.get(layer)!);
        done = Math.min(total, done + Math.ceil(Math.min(step, sequences.length - start) / 2));
        options.onProgress?.({ stage: 'reading', done, total });
      }
      return out;
    },
  };
}

/** Builds and saves a vector with the engine's loaded model. Errors are SteeringError or EngineError. */
export async function buildVectorWithEngine(
  engine: LocalEngine,
  request: VectorBuildRequest,
  options: VectorBuildOptions = {},
): Promise<VectorBuildResult> {
  const loaded = engine.loadedModel();
  const info = engine.currentModel();
  if (!loaded || !info) throw new EngineError('no-model', 'No model is loaded. Choose a model before building a steering vector.');
  if (request.pairs.length === 0) throw new SteeringError('invalid-pair', 'Add at least one steering pair.');
  assertSteerableRange(request.layerStart, request.layerEnd, info.nLayer);
  const layers = Array.from({ length: request.layerEnd - request.layerStart + 1 }, (_, i) => request.layerStart + i);

  options.onProgress?.({ stage: 'reading', done: 0, total: request.pairs.length });
  const reader = progressReader(readerFor(loaded), request.pairs.length, options);
  const vectors =
    request.method === 'pca'
      ? await buildPcaVector(reader, request.pairs, layers, { positions: request.positions, centre: request.centre })
      : await buildMeanDifference(reader, request.pairs, layers, { positions: request.positions });
  if (options.signal?.aborted) throw new EngineError('invalid-request', 'Building the vector was cancelled; nothing was saved.');

  options.onProgress?.({ stage: 'saving', done: request.pairs.length, total: request.pairs.length });
  await saveSteeringVector(request.path, vectors, {
    modelHint: info.architecture,
    pairReference: request.pairReference,
    request: { pairs: request.pairs, layers, method: request.method, positions: request.positions, centre: request.centre },
  });
  return {
    path: request.path,
    bytes: (await stat(request.path)).size,
    layers,
    nEmbd: vectors.nEmbd,
    modelHint: info.architecture,
    pairCount: request.pairs.length,
    method: request.method,
  };
}

/** A VectorBuilder over an engine in this process (the CLI). One build at a time. */
export function localVectorBuilder(engine: LocalEngine): VectorBuilder {
  let building = false;
  return {
    async buildVector(request, options) {
      if (building) throw new EngineError('busy', 'A steering vector is already being built. Wait for it to finish.');
      building = true;
      try {
        return await buildVectorWithEngine(engine, request, options);
      } finally {
        building = false;
      }
    },
  };
}
