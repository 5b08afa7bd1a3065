/**
 * Checks that a file is a GGUF model this app can run, and reads what the app shows about it.
 * The header is parsed by node-llama-cpp's reader (the library that will load the model, so both
 * agree on what is valid); around it this module adds what the reader does not say clearly: a
 * friendly verdict for foreign files, the architecture check, and detection of files that end
 * before their tensor data does (an interrupted copy).
 */
import { open, stat } from 'node:fs/promises';
import type { GgufFileInfo, GgufTensorInfo } from 'node-llama-cpp';
import { ModelFileError, formatBytes } from './errors';
import { tensorByteSize } from './ggml-type-sizes';

/** Architectures the engine and the steering code are written for (Mistral 7B reports "llama"). */
export const SUPPORTED_ARCHITECTURES = ['llama', 'mistral'] as const;
const SUPPORTED_VERSIONS = [2, 3];

export interface GgufModelInfo {
  path: string;
  sizeBytes: number;
  ggufVersion: number;
  architecture: string;
  /** general.name, when the file has one. */
  name: string | null;
  /** Quantisation, e.g. "Q4_K_M", from general.file_type; null when absent. */
  fileType: string | null;
  /** Sum of all tensor elements. */
  parameterCount: number;
  nLayer: number;
  nEmbd: number;
  nHead: number | null;
  nHeadKv: number | null;
  /** Context length the model was trained for. */
  contextLength: number | null;
  tensorCount: number;
  hasChatTemplate: boolean;
}

/** Tokenizer arrays are large (32k strings for Mistral) and not needed here. */
const IGNORED_KEYS = ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type', 'tokenizer.ggml.merges'];

export async function inspectGguf(path: string): Promise<GgufModelInfo> {
  const sizeBytes = await fileSize(path);
  const head = await readHead(path, 8);
  if (head.length < 4 || head.subarray(0, 4).toString('latin1') !== 'GGUF') {
    throw new ModelFileError('not-gguf', `${describeForeign(head, path)} Steerling needs a model in GGUF format (a file ending in .gguf).`);
  }
  if (head.length < 8) throw truncated(path, sizeBytes);
  const version = head.readUInt32LE(4);
  if (!SUPPORTED_VERSIONS.includes(version)) {
    throw new ModelFileError('unsupported-version', `This GGUF file is version ${version}; Steerling reads versions 2 and 3. Try a newer copy of the model.`);
  }

  const { readGgufFileInfo, GgufFileType } = await import('node-llama-cpp');
  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(path, { sourceType: 'filesystem', logWarnings: false, ignoreKeys: IGNORED_KEYS, spliceSplitFiles: false });
  } catch (cause) {
    throw new ModelFileError('corrupt', `The model file ${path} is damaged: its GGUF header cannot be read.`, { cause });
  }
  // The reader pads a cut-off file with zeros instead of failing, so check where its header ended.
  if ((info.infoEndOffset ?? 0) > sizeBytes) throw truncated(path, sizeBytes);

  const architecture = String(info.metadata?.general?.architecture ?? '');
  if (!(SUPPORTED_ARCHITECTURES as readonly string[]).includes(architecture)) {
    throw new ModelFileError(
      'wrong-architecture',
      `This is a "${architecture || 'unknown'}" model. Steerling runs Llama-family models such as Mistral 7B Instruct; please choose one of those.`,
    );
  }

  const tensors = info.tensorInfo ?? [];
  const dataEnd = tensorDataEnd(tensors);
  if (dataEnd > sizeBytes) throw truncated(path, sizeBytes, dataEnd);

  const arch = info.architectureMetadata as Record<string, unknown> & { attention?: Record<string, unknown> };
  const nLayer = Number(arch.block_count ?? 0);
  const nEmbd = Number(arch.embedding_length ?? 0);
  if (!nLayer || !nEmbd) {
    throw new ModelFileError('corrupt', `The model file ${path} is damaged: it does not say how many layers it has.`);
  }
  const fileTypeNumber = info.metadata?.general?.file_type;
  const fileTypeName = fileTypeNumber === undefined ? undefined : (GgufFileType as unknown as Record<number, string>)[fileTypeNumber];
  const headKv = arch.attention?.head_count_kv;

  return {
    path,
    sizeBytes,
    ggufVersion: version,
    architecture,
    name: typeof info.metadata?.general?.name === 'string' ? info.metadata.general.name : null,
    fileType: fileTypeName ? fileTypeName.replace(/^(MOSTLY|ALL)_/, '') : null,
    parameterCount: tensors.reduce((sum, t) => sum + t.dimensions.reduce<number>((p, d) => p * Number(d), 1), 0),
    nLayer,
    nEmbd,
    nHead: numberOrNull(arch.attention?.head_count),
    nHeadKv: Array.isArray(headKv) ? numberOrNull(headKv[0]) : numberOrNull(headKv),
    contextLength: numberOrNull(arch.context_length),
    tensorCount: Number(info.tensorCount),
    hasChatTemplate: typeof info.metadata?.tokenizer?.chat_template === 'string',
  };
}

/** Where the last tensor's bytes end; unknown tensor types count as one byte (a lower bound). */
function tensorDataEnd(tensors: readonly GgufTensorInfo[]): number {
  let end = 0;
  for (const tensor of tensors) {
    const size = tensorByteSize(tensor.ggmlType, tensor.dimensions) ?? 1;
    end = Math.max(end, Number(tensor.fileOffset) + size);
  }
  return end;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function truncated(path: string, size: number, expected?: number): ModelFileError {
  let missing = '';
  if (expected) {
    const [has, needs] = [formatBytes(size), formatBytes(expected)];
    missing = has === needs ? ` (${(expected - size).toLocaleString('en-US')} bytes are missing)` : ` (it has ${has} of ${needs})`;
  }
  return new ModelFileError(
    'truncated',
    `The model file ${path} is incomplete${missing}: the copy or download was probably interrupted. Copy or download it again.`,
  );
}

async function fileSize(path: string): Promise<number> {
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw new Error('not a file');
    return stats.size;
  } catch (cause) {
    throw new ModelFileError('unreadable', `The file ${path} cannot be opened. Check that it exists and that you may read it.`, { cause });
  }
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (cause) {
    throw new ModelFileError('unreadable', `The file ${path} cannot be read.`, { cause });
  }
}

/** A hint for the usual wrong picks: other model formats, archives, documents. */
function describeForeign(head: Buffer, path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  if (head.length === 0) return `The file ${name} is empty.`;
  if (head.subarray(0, 2).toString('latin1') === 'PK') return `The file ${name} is a ZIP archive (perhaps a PyTorch model), not a GGUF model.`;
  if (/\.safetensors$/i.test(name)) return `The file ${name} is a safetensors model, which must be converted to GGUF first.`;
  if (head.subarray(0, 4).toString('latin1') === 'ggjt' || head.subarray(0, 4).toString('latin1') === 'tjgg') {
    return `The file ${name} is an old GGML model, which current software no longer reads.`;
  }
  if (head.subarray(0, 4).toString('latin1') === '%PDF') return `The file ${name} is a PDF document, not a model.`;
  return `The file ${name} is not a GGUF model.`;
}
