/**
 * Comparisons in the history file (schema step 2): one row per comparison with its whole result
 * as JSON, searchable by title, configuration labels and outputs. Reached through
 * `HistoryStore.comparisons`, which lends it its connection, error mapping and transactions.
 */
import { randomUUID } from 'node:crypto';
import type { StatementSync } from 'node:sqlite';
import { z } from 'zod';
import type { ComparisonResult } from '../eval/compare/types';
import type { ComparisonRecord, ComparisonSummary, NewComparisonRecord } from './comparison-record';
import { HistoryError } from './errors';
import { hashText } from './hash';
import { toFtsTerms } from './search-query';

export interface StoreAccess {
  statement(sql: string): StatementSync;
  guard<T>(doing: string, work: () => T): T;
  transaction<T>(work: () => T): T;
}

export interface ComparisonPage {
  items: ComparisonSummary[];
  total: number;
}

const resultSchema = z.object({
  version: z.literal(1),
  article: z.object({ title: z.string(), sha256: z.string() }),
  configs: z.array(z.object({ id: z.string().min(1), label: z.string().optional() }).passthrough()).min(1),
  rows: z.array(z.object({ config: z.object({ id: z.string() }).passthrough(), output: z.string() }).passthrough()),
  complete: z.boolean(),
});

const recordSchema = z.object({
  article: z.object({
    title: z.string(),
    source: z.string(),
    textHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case sha256 hex digest'),
    text: z.string().min(1, 'must not be empty'),
    wordCount: z.number().int().min(0),
  }),
  modelId: z.string(),
  result: resultSchema,
});

function invalid(message: string, cause?: unknown): HistoryError {
  return new HistoryError('invalid-record', `This comparison cannot be saved: ${message}.`, { cause });
}

function validate(record: NewComparisonRecord): void {
  const parsed = recordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${issue.path.join('.') || 'record'} ${issue.message}`, parsed.error);
  }
  if (hashText(record.article.text) !== record.article.textHash) throw invalid('article.textHash is not the sha256 of article.text (use hashText)');
  if (record.result.article.sha256 !== record.article.textHash) throw invalid('the result was made for another article');
}

function labelsOf(result: ComparisonResult): string[] {
  return result.configs.map((config) => config.label ?? config.id);
}

/** Columns a list reads: the finished-row count comes out of the JSON, so no outputs are loaded. */
const SUMMARY_COLUMNS = `c.id, c.created_at, c.updated_at, c.title, c.model_id, c.complete, c.labels,
  (SELECT count(*) FROM json_each(c.result, '$.rows') WHERE json_extract(value, '$.error') IS NULL) AS finished`;

interface SummaryRow {
  id: string;
  created_at: string;
  updated_at: string;
  title: string;
  model_id: string;
  complete: number;
  labels: string;
  finished: number;
}

interface RecordRow extends Omit<SummaryRow, 'finished'> {
  result: string;
  source: string;
  word_count: number;
  text_hash: string;
  article_text: string;
}

export class ComparisonTable {
  constructor(
    private readonly file: string,
    private readonly access: StoreAccess,
  ) {}

  add(record: NewComparisonRecord): ComparisonRecord {
    validate(record);
    const id = randomUUID();
    const now = new Date().toISOString();
    const { article } = record;
    this.access.guard('save the comparison', () =>
      this.access.transaction(() =>
        this.access
          .statement(
            `INSERT INTO comparisons (id, created_at, updated_at, title, source, word_count, text_hash, article_text, model_id, complete, labels, result)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(id, now, now, article.title, article.source, article.wordCount, article.textHash, article.text, record.modelId,
            record.result.complete ? 1 : 0, JSON.stringify(labelsOf(record.result)), JSON.stringify(record.result)),
      ),
    );
    return { id, createdAt: now, updatedAt: now, ...record };
  }

  /** Replaces the result of a saved comparison (a resumed one); same article only. */
  update(id: string, result: ComparisonResult, modelId?: string): ComparisonRecord {
    const saved = this.get(id);
    if (!saved) throw new HistoryError('invalid-request', 'That comparison is no longer in the history; it may have been deleted.');
    const next: NewComparisonRecord = { article: saved.article, modelId: modelId ?? saved.modelId, result };
    validate(next);
    const now = new Date().toISOString();
    this.access.guard('save the comparison', () =>
      this.access.transaction(() =>
        this.access
          .statement('UPDATE comparisons SET updated_at = ?, model_id = ?, complete = ?, labels = ?, result = ? WHERE id = ?')
          .run(now, next.modelId, result.complete ? 1 : 0, JSON.stringify(labelsOf(result)), JSON.stringify(result), id),
      ),
    );
    return { ...saved, ...next, updatedAt: now };
  }

  get(id: string): ComparisonRecord | null {
    return this.access.guard('read the comparison', () => {
      const row = this.access.statement('SELECT c.* FROM comparisons c WHERE c.id = ?').get(id) as RecordRow | undefined;
      if (!row) return null;
      return {
        id: row.id,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        article: { title: row.title, source: row.source, textHash: row.text_hash, text: row.article_text, wordCount: row.word_count },
        modelId: row.model_id,
        result: this.parse<ComparisonResult>(row, row.result),
      };
    });
  }

  /** Newest first; with a query, best match first (title weighs most, then labels, then outputs). */
  list(options: { query?: string; limit?: number; offset?: number } = {}): ComparisonPage {
    const limit = options.limit ?? 50;
    const offset = options.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HistoryError('invalid-request', `The page size must be a whole number from 1 to 1000 (got ${limit}).`);
    if (!Number.isInteger(offset) || offset < 0) throw new HistoryError('invalid-request', `The page offset must be a whole number of 0 or more (got ${offset}).`);
    const terms = toFtsTerms(options.query ?? '');
    return this.access.guard(terms.length > 0 ? 'search the comparisons' : 'list the comparisons', () => {
      if (terms.length === 0) {
        const rows = this.access
          .statement(`SELECT ${SUMMARY_COLUMNS} FROM comparisons c ORDER BY c.created_at DESC, c.seq DESC LIMIT ? OFFSET ?`)
          .all(limit, offset) as unknown as SummaryRow[];
        const { n } = this.access.statement('SELECT count(*) AS n FROM comparisons').get() as { n: number };
        return { items: rows.map((row) => this.summary(row)), total: n };
      }
      const match = terms.join(' AND ');
      const rows = this.access
        .statement(
          `SELECT ${SUMMARY_COLUMNS} FROM comparisons c
           JOIN (SELECT rowid AS seq, bm25(comparisons_fts, 8.0, 4.0, 1.0) AS score FROM comparisons_fts WHERE comparisons_fts MATCH ?) hits ON hits.seq = c.seq
           ORDER BY hits.score, c.created_at DESC, c.seq DESC LIMIT ? OFFSET ?`,
        )
        .all(match, limit, offset) as unknown as SummaryRow[];
      const { n } = this.access.statement('SELECT count(*) AS n FROM comparisons_fts WHERE comparisons_fts MATCH ?').get(match) as { n: number };
      return { items: rows.map((row) => this.summary(row)), total: n };
    });
  }

  delete(ids: readonly string[]): number {
    if (ids.length === 0) return 0;
    return this.access.guard('delete the comparisons', () =>
      this.access.transaction(() => {
        const { changes } = this.access.statement('DELETE FROM comparisons WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
        return Number(changes);
      }),
    );
  }

  private summary(row: SummaryRow): ComparisonSummary {
    return {
      id: row.id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      title: row.title,
      modelId: row.model_id,
      complete: row.complete === 1,
      configs: this.parse<string[]>(row, row.labels),
      rows: row.finished,
    };
  }

  private parse<T>(row: { id: string }, json: string): T {
    try {
      return JSON.parse(json) as T;
    } catch (error) {
      throw new HistoryError('corrupt', `The saved comparison ${row.id} in ${this.file} is damaged and cannot be shown.`, { cause: error });
    }
  }
}
