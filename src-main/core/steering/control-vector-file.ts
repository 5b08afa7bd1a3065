/**
 * Control-vector files, interoperable with llama.cpp (`--control-vector`, cvector-generator) and
 * repeng: GGUF with `general.architecture = "controlvector"`, `controlvector.model_hint`,
 * `controlvector.layer_count` (repeng writes u32, cvector-generator i32: both are read) and one
 * 1-D F32 tensor `direction.N` (N ≥ 1, llama.cpp's block-output numbering) per layer.
 *
 * Reading applies llama.cpp's own rules (no direction.0, F32 only, 1-D only, one n_embd, tensors
 * named direction.N only; duplicate layers are summed as llama.cpp does) and also refuses
 * non-finite values. Writing produces GGUF v3, 32-byte aligned, with our own metadata under
 * `steerling.` (llama.cpp ignores metadata, so such files load there unchanged).
 */
import { mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomically } from '../atomic-write';
import { SteeringError } from './errors';
import { encodeGguf, type GgufScalar } from './gguf-encode';
import { LAYER_CONVENTION_TEXT, layerOfLlamaIndex, llamaIndexOfLayer } from './layers';
import { assertFiniteVector, type LayerVectors } from './vectors';

export const STEERLING_PREFIX = 'steerling.';

/** Our own metadata; values are written as GGUF strings, numbers (f32) or booleans. */
export type SteerlingMetadata = Record<string, string | number | boolean>;

export interface ControlVectorFile {
  /** Directions keyed by block-input layer (file direction.N → layer N + 1). */
  vectors: LayerVectors;
  modelHint?: string;
  layerCount?: number;
  /** `steerling.*` metadata without the prefix (empty for files made elsewhere). */
  steerling: SteerlingMetadata;
}

function invalid(path: string, why: string, cause?: unknown): SteeringError {
  return new SteeringError('invalid-vector-file', `"${path}" is not a usable control-vector file: ${why}`, { cause });
}

type Nested = { [key: string]: unknown };

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value as Nested)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, value);
  }
}

export async function readControlVectorFile(path: string): Promise<ControlVectorFile> {
  const { readGgufFileInfo, GgmlType } = await import('node-llama-cpp');
  let info: Awaited<ReturnType<typeof readGgufFileInfo>>;
  try {
    info = await readGgufFileInfo(path, { sourceType: 'filesystem', logWarnings: false, spliceSplitFiles: false });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT') throw invalid(path, 'the file does not exist.', cause);
    throw invalid(path, `it is not a readable GGUF file (${(cause as Error)?.message ?? cause}).`, cause);
  }

  const metadata = new Map<string, unknown>();
  flatten(info.metadata, '', metadata);
  const architecture = metadata.get('general.architecture');
  if (architecture !== undefined && architecture !== 'controlvector') {
    throw invalid(path, `it is a "${String(architecture)}" GGUF (probably a model), not a control vector.`);
  }
  const tensors = info.fullTensorInfo ?? info.tensorInfo ?? [];
  if (tensors.length === 0) throw invalid(path, 'it holds no direction.N tensors.');

  const size = (await stat(path)).size;
  const handle = await open(path, 'r');
  const layers = new Map<number, Float32Array>();
  let nEmbd = -1;
  try {
    for (const tensor of tensors) {
      const match = /^direction\.(\d+)$/.exec(tensor.name);
      if (!match) throw invalid(path, `tensor "${tensor.name}" is not named direction.N.`);
      const index = Number(match[1]);
      if (index === 0) throw invalid(path, 'it has direction.0; llama.cpp cannot steer the output of block 0 (directions start at 1).');
      if (tensor.ggmlType !== GgmlType.F32) {
        throw invalid(path, `${tensor.name} is stored as ${GgmlType[tensor.ggmlType] ?? tensor.ggmlType}; control vectors must be F32.`);
      }
      const dims = tensor.dimensions.map(Number);
      // ggml counts trailing 1s as absent, so [n, 1] is 1-D for llama.cpp too.
      if (dims.length === 0 || dims.slice(1).some((d) => d !== 1)) {
        throw invalid(path, `${tensor.name} has shape [${dims.join(', ')}]; directions must be 1-D.`);
      }
      if (nEmbd === -1) nEmbd = dims[0];
      else if (dims[0] !== nEmbd) {
        throw invalid(path, `${tensor.name} has ${dims[0]} values but earlier directions have ${nEmbd}.`);
      }
      const start = Number(tensor.fileOffset);
      if (start + nEmbd * 4 > size) throw invalid(path, `the file is truncated inside ${tensor.name}.`);
      const bytes = Buffer.alloc(nEmbd * 4);
      await handle.read(bytes, 0, bytes.length, start);
      const values = new Float32Array(nEmbd);
      for (let i = 0; i < nEmbd; i++) values[i] = bytes.readFloatLE(i * 4);
      try {
        assertFiniteVector(values, tensor.name);
      } catch (cause) {
        throw invalid(path, `${tensor.name} contains NaN or infinite values.`, cause);
      }
      const layer = layerOfLlamaIndex(index);
      const existing = layers.get(layer);
      if (existing) for (let i = 0; i < nEmbd; i++) existing[i] += values[i];
      else layers.set(layer, values);
    }
  } finally {
    await handle.close();
  }

  const steerling: SteerlingMetadata = {};
  for (const [key, value] of metadata) {
    if (key.startsWith(STEERLING_PREFIX) && ['string', 'number', 'boolean'].includes(typeof value)) {
      steerling[key.slice(STEERLING_PREFIX.length)] = value as string | number | boolean;
    }
  }
  const modelHint = metadata.get('controlvector.model_hint');
  const layerCount = metadata.get('controlvector.layer_count');
  return {
    vectors: { nEmbd, layers },
    modelHint: typeof modelHint === 'string' ? modelHint : undefined,
    layerCount: typeof layerCount === 'number' || typeof layerCount === 'bigint' ? Number(layerCount) : undefined,
    steerling,
  };
}

export interface WriteControlVectorOptions {
  vectors: LayerVectors;
  /** Architecture the vector was made for, e.g. "llama" (Mistral GGUFs say llama). */
  modelHint: string;
  steerling?: SteerlingMetadata;
}

/** GGUF bytes of a control vector; layers below 2 cannot be expressed and are refused. */
export function encodeControlVector({ vectors, modelHint, steerling = {} }: WriteControlVectorOptions): Buffer {
  const layers = [...vectors.layers.keys()].sort((a, b) => a - b);
  if (layers.length === 0) throw new SteeringError('vector-mismatch', 'There is no direction to save.');
  const tensors = layers.map((layer) => {
    const index = llamaIndexOfLayer(layer);
    if (index < 1) {
      throw new SteeringError('invalid-layer', `Layer ${layer} cannot be saved: control-vector files start at layer 2.`);
    }
    const values = vectors.layers.get(layer)!;
    if (values.length !== vectors.nEmbd) {
      throw new SteeringError('vector-mismatch', `The direction for layer ${layer} has ${values.length} values, not ${vectors.nEmbd}.`);
    }
    assertFiniteVector(values, `The direction for layer ${layer}`);
    return { name: `direction.${index}`, values };
  });

  const metadata = new Map<string, GgufScalar>([
    ['general.architecture', { type: 'string', value: 'controlvector' }],
    ['general.alignment', { type: 'u32', value: 32 }],
    ['controlvector.model_hint', { type: 'string', value: modelHint }],
    // i32 like llama.cpp's cvector-generator: the count of directions in the file.
    ['controlvector.layer_count', { type: 'i32', value: tensors.length }],
    [`${STEERLING_PREFIX}layer_convention`, { type: 'string', value: `direction.N = ${LAYER_CONVENTION_TEXT}` }],
  ]);
  for (const [key, value] of Object.entries(steerling)) {
    const entry: GgufScalar =
      typeof value === 'string'
        ? { type: 'string', value }
        : typeof value === 'boolean'
          ? { type: 'bool', value }
          : { type: 'f32', value };
    metadata.set(`${STEERLING_PREFIX}${key}`, entry);
  }
  return encodeGguf(metadata, tensors);
}

/** Writes atomically (core/atomic-write.ts), so a failed save never leaves half a file. */
export async function writeControlVectorFile(path: string, options: WriteControlVectorOptions): Promise<void> {
  const bytes = encodeControlVector(options);
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomically(path, bytes);
}
