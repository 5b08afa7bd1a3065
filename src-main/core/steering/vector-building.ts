/**
 * Building steering vectors for a loaded model: what the provider uses per request and what a
 * "build once from many pairs and save" action calls.
 */
import type { LlamaContext, LlamaModel } from 'node-llama-cpp';
import { createActivationReader, type ActivationReader } from './activation-reader';
import {
  actAddMean,
  buildActAddVectors,
  buildMeanDifference,
  buildPcaVector,
  type ActAddVector,
  type PairPositions,
  type SteeringPair,
} from './builders';
import { writeControlVectorFile, type SteerlingMetadata } from './control-vector-file';
import { SteeringBridge } from './native/index';
import type { LayerVectors } from './vectors';

const bridges = new WeakMap<LlamaContext, SteeringBridge>();

/** The bridge of a context, opened (and validated) once per context. */
export function bridgeFor(context: LlamaContext): SteeringBridge {
  let bridge = bridges.get(context);
  if (!bridge) {
    bridge = SteeringBridge.open(context);
    bridges.set(context, bridge);
  }
  return bridge;
}

export function readerFor(target: { model: LlamaModel; context: LlamaContext }): ActivationReader {
  return createActivationReader(target.model, bridgeFor(target.context));
}

export type VectorMethod = 'mean' | 'pca' | 'actadd-mean';

export interface BuildVectorRequest {
  pairs: readonly SteeringPair[];
  /** Block-input layers (see layers.ts), each 2..nLayer. */
  layers: readonly number[];
  /**
   * 'mean': mean of pair differences (CAA); 'pca': first principal component; 'actadd-mean':
   * the first pair's ActAdd differences averaged over positions (BOS excluded).
   */
  method: VectorMethod;
  /** Positions forming each pair's difference (mean/pca): 'all' but BOS (default) or 'last'. */
  positions?: PairPositions;
  /** PCA only: centre the differences first. Default false. */
  centre?: boolean;
}

export async function buildSteeringVector(
  target: { model: LlamaModel; context: LlamaContext },
  request: BuildVectorRequest,
): Promise<LayerVectors> {
  const reader = readerFor(target);
  switch (request.method) {
    case 'mean':
      return buildMeanDifference(reader, request.pairs, request.layers, { positions: request.positions });
    case 'pca':
      return buildPcaVector(reader, request.pairs, request.layers, { positions: request.positions, centre: request.centre });
    case 'actadd-mean': {
      const vectors = await buildActAddVectors(reader, request.pairs[0] ?? { positive: '', negative: '' }, request.layers);
      return { nEmbd: reader.nEmbd, layers: new Map(vectors.map((vector) => [vector.layer, actAddMean(vector)])) };
    }
  }
}

/** ActAdd vectors of several layers regrouped per prompt position, as injection wants them. */
export function perPositionVectors(vectors: readonly ActAddVector[]): LayerVectors[] {
  const length = Math.min(...vectors.map((vector) => vector.differences.length));
  return Array.from({ length }, (_, i) => ({
    nEmbd: vectors[0].nEmbd,
    layers: new Map(vectors.map((vector) => [vector.layer, vector.differences[i]])),
  }));
}

/** Saves a built vector as an interoperable control-vector file, with how it was made. */
export async function saveSteeringVector(
  path: string,
  vectors: LayerVectors,
  details: { modelHint: string; request?: BuildVectorRequest; pairReference?: string },
): Promise<void> {
  const steerling: SteerlingMetadata = { format_version: 1, created: new Date().toISOString() };
  if (details.pairReference) steerling.pair_reference = details.pairReference;
  if (details.request) {
    steerling.method = details.request.method;
    steerling.positions = details.request.positions ?? 'all';
    steerling.centred = details.request.centre ?? false;
    steerling.pair_count = details.request.pairs.length;
    const first = details.request.pairs[0];
    if (first) {
      steerling['pair.positive'] = first.positive;
      steerling['pair.negative'] = first.negative;
    }
  }
  await writeControlVectorFile(path, { vectors, modelHint: details.modelHint, steerling });
}
