/**
 * Checks a model file before anything is unloaded to make room for it, so a wrong, damaged or
 * half-downloaded file is refused with a message a writer understands and the current model stays.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { EngineError } from './types';
import { loadNodeLlamaCpp } from './llama';

export interface ModelFileFacts {
  architecture: string;
  nLayer: number;
  nEmbd: number;
  /** The context length the model was trained with. */
  trainContextSize: number;
}

const SUPPORTED_ARCHITECTURES = new Set(['llama']);

function fail(message: string, cause?: unknown): never {
  throw new EngineError('model-load-failed', message, cause === undefined ? undefined : { cause });
}

function positiveInteger(value: unknown): number | undefined {
  const n = typeof value === 'bigint' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

export async function inspectModelFile(path: string): Promise<ModelFileFacts> {
  const name = basename(path);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) fail(`${path} is a folder, not a model file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof EngineError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail(`The model file was not found: ${path}`, error);
    if (code === 'EACCES' || code === 'EPERM') fail(`Steerling is not allowed to read the model file ${path}.`, error);
    fail(`The model file ${path} could not be opened (${(error as Error).message}).`, error);
  }

  const { readGgufFileInfo, GgufInsights } = await loadNodeLlamaCpp();
  let fileInfo: Awaited<ReturnType<typeof readGgufFileInfo>>;
  try {
    fileInfo = await readGgufFileInfo(path, { logWarnings: false });
  } catch (error) {
    fail(`${name} is not a GGUF model file, or it is damaged (${(error as Error).message}).`, error);
  }

  const architecture = String(fileInfo.metadata?.general?.architecture ?? 'unknown');
  if (architecture === 'controlvector') {
    fail(`${name} is a steering (control-vector) file, not a model. Load it from the steering panel instead.`);
  }
  if (!SUPPORTED_ARCHITECTURES.has(architecture)) {
    fail(`${name} is a "${architecture}" model. Steerling runs llama-architecture models such as Mistral-7B-Instruct.`);
  }

  const archMetadata = fileInfo.architectureMetadata as Record<string, unknown>;
  const nLayer = positiveInteger(archMetadata.block_count);
  const nEmbd = positiveInteger(archMetadata.embedding_length);
  const trainContextSize = positiveInteger(archMetadata.context_length);
  if (!nLayer || !nEmbd || !trainContextSize) {
    fail(`${name} is missing its layer count, embedding size or context length, so it cannot be a complete model.`);
  }

  const insights = await GgufInsights.from(fileInfo);
  const expectedSize = (fileInfo.infoEndOffset ?? 0) + insights.modelSize;
  if (size < expectedSize) {
    const percent = Math.floor((size / expectedSize) * 100);
    fail(`${name} is incomplete: it holds ${percent}% of the model's data. The download may have stopped early.`);
  }
  return { architecture, nLayer, nEmbd, trainContextSize };
}
