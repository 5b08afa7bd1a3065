/** Flags shared by `eval`, `compare` and `sweep`: the model, its context, and sampling. */
import path from 'node:path';
import type { Command } from 'commander';
import type { AppBackend } from '../backend/backend';
import { UsageError } from './cli-error';
import { loadModel } from './commands/summarize';
import { parsePositiveInt, type SamplingFlags } from './parse-options';

export interface ModelFlags {
  model?: string;
  contextSize?: string;
}

export function modelOptions(command: Command): Command {
  return command
    .option('--model <id|file>', 'an installed model id (see `models list`) or a GGUF file (env STEERLING_MODEL)')
    .option('--context-size <tokens>', 'context window of the model');
}

export function samplingOptions(command: Command): Command {
  return command
    .option('--temperature <n>', 'sampling temperature, 0–5 (the same for every summary)')
    .option('--top-p <n>', 'nucleus sampling, (0, 1]')
    .option('--seed <n>', 'random seed, the same for every summary')
    .option('--max-tokens <n>', 'longest summary, in tokens')
    .option('--repeat-penalty <n>', 'penalty for repeated tokens, 0.5–3');
}

export type EvalSamplingFlags = SamplingFlags & ModelFlags;

export interface ModelChoice {
  model: string | undefined;
  contextSize: number | undefined;
}

/** Checks the flags before anything loads; `required` refuses a missing model. */
export function modelChoice(flags: ModelFlags, required: boolean): ModelChoice {
  const model = flags.model || process.env.STEERLING_MODEL || undefined;
  if (required && !model) throw new UsageError('No model given: pass --model <id or file.gguf> or set STEERLING_MODEL.');
  return { model, contextSize: parsePositiveInt('context-size', flags.contextSize) };
}

export async function loadChosenModel(backend: AppBackend, choice: ModelChoice): Promise<void> {
  if (choice.model) await loadModel(backend, choice.model, choice.contextSize);
}

/** `.md` (or no extension) for --out of a comparison. */
export function markdownPath(flag: string, file: string): string {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.md' && ext !== '.markdown' && ext !== '') throw new UsageError(`--${flag} must name a .md file (got "${file}").`);
  return path.resolve(file);
}
