import { z } from 'zod';
import { HistoryError } from './errors';
import { hashText } from './hash';
import type { HistoryRecord, HistorySummary, NewHistoryRecord } from './record';

const finite = z.number().finite();
const count = z.number().int().min(0);

/** Mirrors NewHistoryRecord; checked before anything is written, so a bad record saves nothing. */
const newRecordSchema = z.object({
  article: z.object({
    title: z.string(),
    source: z.string(),
    textHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case sha256 hex digest'),
    text: z.string().min(1, 'must not be empty'),
    wordCount: count,
  }),
  mode: z.enum(['plain', 'prompted', 'steered']),
  style: z.string().nullable(),
  sampling: z.object({ temperature: finite, topP: finite, seed: finite, maxTokens: finite, repeatPenalty: finite }),
  steering: z
    .object({
      method: z.enum(['actadd', 'caa', 'all']),
      pairId: z.string().optional(),
      vectorPath: z.string().optional(),
      layerStart: z.number().int(),
      layerEnd: z.number().int(),
      coefficient: finite,
      prompt: z.enum(['neutral', 'styled']).optional(),
      frontAt: z.enum(['start', 'message', 'article']).optional(),
    })
    .nullable(),
  modelId: z.string(),
  output: z.string(),
  stats: z.object({
    promptTokens: count,
    outputTokens: count,
    timeToFirstTokenMs: z.number().min(0),
    totalMs: z.number().min(0),
    chunks: count,
  }),
  cancelled: z.boolean(),
});

export function validateNewRecord(record: NewHistoryRecord): NewHistoryRecord {
  const parsed = newRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : 'record';
    throw new HistoryError('invalid-record', `This result cannot be saved: ${where} ${issue.message}.`, { cause: parsed.error });
  }
  if (hashText(parsed.data.article.text) !== parsed.data.article.textHash) {
    throw new HistoryError('invalid-record', 'This result cannot be saved: article.textHash is not the sha256 of article.text (use hashText).');
  }
  return parsed.data;
}

export const PREVIEW_LENGTH = 200;

/** First ~200 characters of the output on one line, cut between words, with "…" when cut. */
export function makePreview(output: string): string {
  const flat = output.replace(/\s+/gu, ' ').trim();
  const chars = Array.from(flat); // code points, so an emoji is never cut in half
  if (chars.length <= PREVIEW_LENGTH) return flat;
  const head = chars.slice(0, PREVIEW_LENGTH).join('');
  const lastSpace = head.lastIndexOf(' ');
  const cut = lastSpace >= PREVIEW_LENGTH / 2 ? head.slice(0, lastSpace) : head;
  return `${cut.replace(/[\s.,;:!?-]+$/u, '')}…`;
}

/** Columns the list reads: no article text, no whole output. */
export const SUMMARY_COLUMNS = 'r.id, r.created_at, r.title, r.mode, r.style, r.model_id, r.preview';

export interface SummaryRow {
  id: string;
  created_at: string;
  title: string;
  mode: string;
  style: string | null;
  model_id: string;
  preview: string;
}

export interface RecordRow extends SummaryRow {
  source: string;
  word_count: number;
  sampling: string;
  steering: string | null;
  stats: string;
  cancelled: number;
  output: string;
  text_hash: string;
  text: string;
}

export function rowToSummary(row: SummaryRow): HistorySummary {
  return {
    id: row.id,
    createdAt: row.created_at,
    title: row.title,
    mode: row.mode as HistorySummary['mode'],
    style: row.style,
    modelId: row.model_id,
    preview: row.preview,
  };
}

export function rowToRecord(row: RecordRow, file: string): HistoryRecord {
  try {
    return {
      id: row.id,
      createdAt: row.created_at,
      article: { title: row.title, source: row.source, textHash: row.text_hash, text: row.text, wordCount: row.word_count },
      mode: row.mode as HistoryRecord['mode'],
      style: row.style,
      sampling: JSON.parse(row.sampling),
      steering: row.steering === null ? null : JSON.parse(row.steering),
      modelId: row.model_id,
      output: row.output,
      stats: JSON.parse(row.stats),
      cancelled: row.cancelled === 1,
    };
  } catch (error) {
    throw new HistoryError('corrupt', `The saved result ${row.id} in ${file} is damaged and cannot be shown.`, { cause: error });
  }
}
