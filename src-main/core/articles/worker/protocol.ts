/**
 * Messages between the importer host (./worker-importer.ts) and the import worker
 * (./import-worker.ts). Structured-clone data: a Uint8Array crosses both Node's advanced IPC
 * serialisation and Electron's utilityProcess messages.
 */
import type { Article, ArticleImportErrorCode } from '../article';
import type { ImportLimits } from '../limits';

export type ImportRequest =
  | { type: 'import-path'; id: number; path: string; limits: Partial<ImportLimits> }
  | { type: 'import-bytes'; id: number; name: string; bytes: Uint8Array; limits: Partial<ImportLimits> };

/**
 * `rssBytes`: the worker's resident memory now (the host recycles a worker that kept too much);
 * `peakRssBytes`: the largest so far, for the fuzz report.
 */
export type ImportReply =
  | { type: 'article'; id: number; article: Article; rssBytes: number; peakRssBytes: number }
  | { type: 'error'; id: number; code: ArticleImportErrorCode; message: string; rssBytes: number; peakRssBytes: number };

export function isImportRequest(value: unknown): value is ImportRequest {
  const message = value as Partial<ImportRequest> | null;
  if (typeof message !== 'object' || message === null || typeof message.id !== 'number') return false;
  if (message.type === 'import-path') return typeof message.path === 'string';
  if (message.type === 'import-bytes') return typeof message.name === 'string' && message.bytes instanceof Uint8Array;
  return false;
}

export function isImportReply(value: unknown): value is ImportReply {
  const message = value as Partial<ImportReply> | null;
  if (typeof message !== 'object' || message === null || typeof message.id !== 'number') return false;
  if (typeof message.rssBytes !== 'number' || typeof message.peakRssBytes !== 'number') return false;
  if (message.type === 'article') return typeof message.article === 'object' && message.article !== null;
  if (message.type === 'error') return typeof message.code === 'string' && typeof message.message === 'string';
  return false;
}

/** What the worker writes to stderr just before its memory guard ends it. */
export const MEMORY_GUARD_MARK = 'steerling import worker: memory limit reached';
