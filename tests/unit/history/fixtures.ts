import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashText, type NewHistoryRecord } from '../../../src-main/core/history';

export interface RecordParts {
  title?: string;
  text?: string;
  source?: string;
  mode?: NewHistoryRecord['mode'];
  style?: string | null;
  output?: string;
  steering?: NewHistoryRecord['steering'];
  modelId?: string;
  seed?: number;
  cancelled?: boolean;
}

/** A complete, valid record; every field differs from the defaults somewhere so swaps show. */
export function makeRecord(parts: RecordParts = {}): NewHistoryRecord {
  const text = parts.text ?? 'The council met on Tuesday to discuss the new harbour wall.';
  return {
    article: {
      title: parts.title ?? 'Harbour wall approved',
      source: parts.source ?? '/home/writer/news/harbour.txt',
      textHash: hashText(text),
      text,
      wordCount: text.split(/\s+/u).filter(Boolean).length,
    },
    mode: parts.mode ?? 'plain',
    style: parts.style === undefined ? null : parts.style,
    sampling: { temperature: 0.65, topP: 0.85, seed: parts.seed ?? 1234, maxTokens: 321, repeatPenalty: 1.15 },
    steering: parts.steering === undefined ? null : parts.steering,
    modelId: parts.modelId ?? 'mistral-7b-instruct-v0.2.Q4_K_M',
    output: parts.output ?? 'The council approved a new harbour wall.',
    stats: { promptTokens: 812, outputTokens: 97, timeToFirstTokenMs: 412.5, totalMs: 9876, chunks: 2 },
    cancelled: parts.cancelled ?? false,
  };
}

/** A fresh folder under the OS temp dir; call the returned function to remove it. */
export function tempFolder(prefix = 'steerling-history-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
