/**
 * `steerling summarize a.pdf b.html notes/ --out-dir summaries/`: many articles through the
 * backend's batch job, one line per article as each ends, a summary line at the end, and a
 * non-zero exit naming every article that failed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SUPPORTED_EXTENSIONS } from '../core/articles';
import { extensionOf } from '../core/articles/extensions';
import type { AppBackend } from '../backend/backend';
import type { AppEvent, EventPayloads, RequestArgs } from '../ipc/contract';
import { UsageError } from './cli-error';
import { followJob } from './follow-job';

type ItemEvent = EventPayloads['batch.item'];
type BatchRequest = Omit<RequestArgs<'batch.start'>, 'files'>;

/**
 * The article files the arguments name, absolute and each once: files as given, a folder's
 * article files (by extension, sorted by name, not its subfolders). Missing paths are a usage error.
 */
export function articleFilesFrom(args: readonly string[], cwd = process.cwd()): string[] {
  const files: string[] = [];
  const add = (file: string) => {
    if (!files.includes(file)) files.push(file);
  };
  for (const arg of args) {
    const target = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      throw new UsageError(`"${arg}" could not be found.`);
    }
    if (!stat.isDirectory()) {
      add(target);
      continue;
    }
    const inFolder = fs
      .readdirSync(target, { withFileTypes: true })
      .filter((entry) => entry.isFile() && (SUPPORTED_EXTENSIONS as readonly string[]).includes(extensionOf(entry.name)))
      .map((entry) => entry.name)
      .sort((a, b) => a.localeCompare(b));
    if (inFolder.length === 0) {
      throw new UsageError(`The folder "${arg}" holds no articles (${SUPPORTED_EXTENSIONS.join(' ')}).`);
    }
    for (const name of inFolder) add(path.join(target, name));
  }
  return files;
}

export interface BatchResult {
  done: ItemEvent[];
  failed: ItemEvent[];
  cancelled: ItemEvent[];
}

/**
 * Runs the batch to its end; Ctrl-C or SIGTERM cancels what is left (finished summaries stay
 * saved), a second Ctrl-C leaves at once (follow-job.ts).
 */
export async function runBatch(
  backend: AppBackend,
  files: string[],
  request: BatchRequest,
  log: (line: string) => void,
): Promise<BatchResult> {
  const result: BatchResult = { done: [], failed: [], cancelled: [] };
  let ended = 0;
  const width = String(files.length).length;
  const followed = await followJob<BatchResult>(backend, {
    start: async () => (await backend.handle('batch.start', { ...request, files })).batchId,
    idOf: (e: AppEvent) => (e.event.startsWith('batch.') ? (e.payload as { batchId?: string }).batchId : undefined),
    step: (e: AppEvent) => {
      if (e.event === 'batch.done') return { done: result };
      if (e.event !== 'batch.item') return undefined;
      const item = e.payload;
      if (item.state !== 'done' && item.state !== 'failed' && item.state !== 'cancelled') return undefined;
      result[item.state].push(item);
      ended++;
      const counter = `[${String(ended).padStart(width)}/${files.length}]`;
      const detail = item.state === 'done' ? `"${item.title ?? item.name}"` : item.message ?? '';
      log(`${counter} ${item.state.padEnd(9)} ${item.name}${detail ? `: ${detail}` : ''}`);
      return undefined;
    },
    cancel: (batchId) => backend.handle('batch.cancel', { batchId }),
  });
  return followed.value;
}

/** The closing line, and the failed articles by name with their reasons. */
export function describeBatch(result: BatchResult, total: number): string {
  const parts = [`Summarised ${result.done.length} of ${total} article${total === 1 ? '' : 's'}`];
  if (result.cancelled.length > 0) parts.push(`${result.cancelled.length} cancelled`);
  if (result.failed.length > 0) {
    parts.push(`${result.failed.length} failed: ${result.failed.map((item) => item.name).join(', ')}`);
  }
  return `${parts.join('; ')}.`;
}
