/**
 * Memory needs of a llama-architecture model from its shape and file size alone, for models that
 * are not on disk yet (node-llama-cpp's GgufInsights needs the file's tensor table). The figures
 * are deliberately a little generous: telling a writer "it fits" and then failing to load is worse
 * than suggesting a smaller file.
 */

export interface ModelShape {
  /** Transformer blocks (llama.block_count). */
  layers: number;
  /** Hidden size (llama.embedding_length). */
  embedding: number;
  /** Attention heads (llama.attention.head_count). */
  heads: number;
  /** Key/value heads (llama.attention.head_count_kv); fewer than `heads` with grouped-query attention. */
  kvHeads: number;
}

const MiB = 1024 * 1024;

/** Compute buffers, scratch space and backend context: measured at a few hundred MiB for 7B models. */
export const RUNTIME_OVERHEAD_BYTES = 512 * MiB;
/** What the app itself (Node, the window) keeps resident next to a CPU-loaded model. */
export const APP_OVERHEAD_BYTES = 512 * MiB;
/** The context size the catalog's figures assume; enough for a long news article. */
export const DEFAULT_ESTIMATE_CONTEXT = 4096;

/** F16 key + value cache for `contextSize` tokens. */
export function kvCacheBytes(shape: ModelShape, contextSize: number): number {
  const headDim = shape.embedding / shape.heads;
  return 2 * shape.layers * contextSize * shape.kvHeads * headDim * 2;
}

/**
 * Weights of one transformer block. The token embedding and output matrices are about one block's
 * worth each in 7B models and stay where llama.cpp puts them, hence layers + 1.
 */
export function layerBytes(shape: ModelShape, fileBytes: number): number {
  return fileBytes / (shape.layers + 1);
}

/** VRAM to run every layer on the GPU. */
export function fullOffloadVramBytes(shape: ModelShape, fileBytes: number, contextSize = DEFAULT_ESTIMATE_CONTEXT): number {
  return Math.round(fileBytes + kvCacheBytes(shape, contextSize) + RUNTIME_OVERHEAD_BYTES);
}

/** RAM to run on the CPU alone, the app included. */
export function cpuOnlyRamBytes(shape: ModelShape, fileBytes: number, contextSize = DEFAULT_ESTIMATE_CONTEXT): number {
  return Math.round(fileBytes + kvCacheBytes(shape, contextSize) + RUNTIME_OVERHEAD_BYTES + APP_OVERHEAD_BYTES);
}

/** Offloadable layers as llama.cpp counts them for `gpuLayers`: the blocks plus the output layer. */
export function offloadableLayers(shape: ModelShape): number {
  return shape.layers + 1;
}

export interface OffloadEstimate {
  /** Layers that fit in the free VRAM (0 … offloadableLayers). */
  gpuLayers: number;
  vramBytes: number;
  /** RAM still needed for what stays on the CPU, the app included. */
  ramBytes: number;
}

/**
 * How many layers fit in `freeVramBytes`: each offloaded layer takes its weights and its share of
 * the KV cache to the GPU; the runtime overhead is paid once if anything is offloaded.
 */
export function estimateOffload(
  shape: ModelShape,
  fileBytes: number,
  freeVramBytes: number,
  contextSize = DEFAULT_ESTIMATE_CONTEXT,
): OffloadEstimate {
  const slots = offloadableLayers(shape);
  const perLayer = layerBytes(shape, fileBytes) + kvCacheBytes(shape, contextSize) / shape.layers;
  const full = fullOffloadVramBytes(shape, fileBytes, contextSize);
  const gpuLayers =
    freeVramBytes >= full ? slots : Math.max(0, Math.min(slots - 1, Math.floor((freeVramBytes - RUNTIME_OVERHEAD_BYTES) / perLayer)));
  const vramBytes = gpuLayers === 0 ? 0 : gpuLayers === slots ? full : Math.round(RUNTIME_OVERHEAD_BYTES + gpuLayers * perLayer);
  // Fully offloaded, the token embedding table (about one layer) still lives in RAM.
  const ramBytes =
    gpuLayers === slots ? APP_OVERHEAD_BYTES + layerBytes(shape, fileBytes) : cpuOnlyRamBytes(shape, fileBytes, contextSize) - gpuLayers * perLayer;
  return { gpuLayers, vramBytes, ramBytes: Math.round(ramBytes) };
}
