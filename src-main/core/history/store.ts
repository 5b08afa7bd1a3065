import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { ComparisonTable } from './comparisons';
import { makePreview, rowToRecord, rowToSummary, SUMMARY_COLUMNS, validateNewRecord, type RecordRow, type SummaryRow } from './codec';
import { HistoryError, toHistoryError } from './errors';
import type { HistoryRecord, HistorySummary, NewHistoryRecord } from './record';
import { articleRuns, pageSql, SEARCH_CAP, WINDOW_ARTICLE_IDS_SQL, windowSql } from './search';
import { PrefixExpansion } from './search-expand';
import { toFtsTerms } from './search-query';
import { migrate } from './schema';

export interface HistoryListOptions {
  /** Words to look for; empty or absent lists everything. */
  query?: string;
  /** Page size, 1–1000; default 50. */
  limit?: number;
  /** Items to skip, ≥ 0; default 0. */
  offset?: number;
}

export interface HistoryPage {
  items: HistorySummary[];
  /** How many results match in all, across every page; with `capped`, how many were counted. */
  total: number;
  /** True when a search found more than `total` (SEARCH_CAP) hits: it counted and ranked the newest only. */
  capped: boolean;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Refuses, before SQLite touches it, a file that exists and is not a SQLite database. */
function checkExistingFile(path: string): void {
  let size: number;
  try {
    const info = statSync(path);
    if (info.isDirectory()) {
      throw new HistoryError('unavailable', `${path} is a folder, not a history file.`);
    }
    size = info.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw toHistoryError(error, path, 'open the history');
  }
  if (size === 0) return; // an empty file is an empty database
  const head = Buffer.alloc(SQLITE_MAGIC.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(SQLITE_MAGIC)) {
    throw new HistoryError('not-a-database', `${path} is not a Steerling history file (it is not a SQLite database). It was left untouched; choose another file or move it aside.`);
  }
}

/** Saved summaries: durable (SQLite, WAL, full fsync on commit) and searchable (FTS5). */
export class HistoryStore {
  private db: DatabaseSync | null;
  private readonly statements = new Map<string, StatementSync>();
  private inTransaction = false;
  private comparisonTable: ComparisonTable | undefined;
  private prefixExpansion: PrefixExpansion | undefined;

  private constructor(db: DatabaseSync, readonly file: string) {
    this.db = db;
  }

  /**
   * Opens or creates the history at `file` (creating its folder). An existing file that is not
   * a SQLite database, is damaged, or belongs to another program is refused with a HistoryError
   * and never written to.
   */
  static open(file: string): HistoryStore {
    const path = resolve(file);
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new HistoryError('unavailable', `Steerling cannot create the folder ${dirname(path)} for its history: ${(error as Error).message}.`, { cause: error });
    }
    checkExistingFile(path);
    let db: DatabaseSync | undefined;
    try {
      db = new DatabaseSync(path);
      db.exec('PRAGMA busy_timeout = 5000');
      // Read-only check first: a damaged file must be reported before anything writes to it.
      const checks = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
      if (checks.length !== 1 || checks[0].quick_check !== 'ok') {
        throw new HistoryError('corrupt', `The history file ${path} is damaged (${checks[0]?.quick_check ?? 'unknown damage'}). It was left untouched; restore it from a backup or move it aside to start a new history.`);
      }
      migrate(db, path);
      // WAL: a crash mid-write leaves the last committed state intact, and readers never block
      // the writer. (On file systems without shared memory it stays in rollback mode, also safe.)
      db.exec('PRAGMA journal_mode = WAL');
      // FULL, not NORMAL: NORMAL in WAL mode survives a crashed app but may drop the last commits
      // on power loss. A summary costs minutes of model time and commits are one per summary, so
      // the extra fsync per commit is free in practice and the result is never lost once saved.
      db.exec('PRAGMA synchronous = FULL');
      db.exec('PRAGMA foreign_keys = ON');
      return new HistoryStore(db, path);
    } catch (error) {
      db?.close();
      throw toHistoryError(error, path, 'open the history');
    }
  }

  /** Saves one result; returns it with its new id and creation time. */
  add(record: NewHistoryRecord): HistoryRecord {
    return this.addMany([record])[0];
  }

  /** Saves several results in one transaction: all of them, or (on error) none. */
  addMany(records: readonly NewHistoryRecord[]): HistoryRecord[] {
    const valid = records.map(validateNewRecord);
    return this.guard('save the result', () => this.transaction(() => valid.map((record) => this.insert(record))));
  }

  get(id: string): HistoryRecord | null {
    return this.guard('read the result', () => {
      const row = this.statement(
        `SELECT r.*, a.text_hash, a.text FROM results r JOIN articles a ON a.id = r.article_id WHERE r.id = ?`,
      ).get(id) as RecordRow | undefined;
      return row === undefined ? null : rowToRecord(row, this.file);
    });
  }

  /** The newest finished plain summary of the article with this text hash, or null. */
  findPlainSummary(textHash: string): HistoryRecord | null {
    return this.guard('read the result', () => {
      const row = this.statement(
        `SELECT r.*, a.text_hash, a.text FROM results r JOIN articles a ON a.id = r.article_id
         WHERE a.text_hash = ? AND r.mode = 'plain' AND r.cancelled = 0 ORDER BY r.created_at DESC, r.seq DESC LIMIT 1`,
      ).get(textHash) as RecordRow | undefined;
      return row === undefined ? null : rowToRecord(row, this.file);
    });
  }

  /** A page of results, newest first; with a query, best match first. */
  list(options: HistoryListOptions = {}): HistoryPage {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const offset = options.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new HistoryError('invalid-request', `The page size must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${limit}).`);
    }
    if (!Number.isInteger(offset) || offset < 0) {
      throw new HistoryError('invalid-request', `The page offset must be a whole number of 0 or more (got ${offset}).`);
    }
    const typed = toFtsTerms(options.query ?? '');
    return this.guard(typed.length > 0 ? 'search the history' : 'list the history', () => {
      this.prefixExpansion ??= new PrefixExpansion(this.connection());
      const expansion = this.prefixExpansion;
      const terms = typed.map((term) => expansion.expand(term));
      if (terms.length === 0) {
        const rows = this.statement(
          `SELECT ${SUMMARY_COLUMNS} FROM results r ORDER BY r.created_at DESC, r.seq DESC LIMIT ? OFFSET ?`,
        ).all(limit, offset) as unknown as SummaryRow[];
        return { items: rows.map(rowToSummary), total: this.count(), capped: false };
      }
      const { hits, runs } = this.newestHits(terms);
      const seqs = hits.slice(0, SEARCH_CAP);
      const rows =
        seqs.length === 0 || offset >= seqs.length
          ? []
          : (this.statement(pageSql(runs.length)).all(terms.join(' OR '), JSON.stringify(seqs), seqs[seqs.length - 1], limit, offset, ...runs.flat()) as unknown as SummaryRow[]);
      return { items: rows.map(rowToSummary), total: seqs.length, capped: hits.length > SEARCH_CAP };
    });
  }

  /**
   * Up to SEARCH_CAP + 1 matching seqs, newest first. Widens a window of the newest results until
   * it holds more than the cap or covers the whole history, so a word in most results reads a
   * few thousand rows instead of every one (search.ts says why).
   */
  private newestHits(terms: string[]): { hits: number[]; runs: [number, number][] } {
    // Two subqueries: SQLite answers a lone max() from an index, but two in one SELECT by a full scan.
    const { hi, maxArticle } = this.statement(
      'SELECT coalesce((SELECT max(seq) FROM results), 0) AS hi, coalesce((SELECT max(article_id) FROM results), 0) AS maxArticle',
    ).get() as {
      hi: number;
      maxArticle: number;
    };
    let span = 2 * SEARCH_CAP;
    for (;;) {
      const lo = hi - span + 1;
      // A window over the whole history searches every article: one run, with no list to read.
      const runs: [number, number][] = lo <= 1 ? [[1, maxArticle]] : articleRuns((this.statement(WINDOW_ARTICLE_IDS_SQL).all(lo) as { id: number }[]).map((row) => row.id));
      const rows = this.statement(windowSql(terms.length, runs.length)).all(...terms, lo, ...runs.flat(), SEARCH_CAP + 1) as { seq: number }[];
      if (rows.length > SEARCH_CAP || lo <= 1) return { hits: rows.map((row) => row.seq), runs };
      // Widen to where the cap should fall at this window's density, with a margin, so a
      // search takes two windows, rarely three.
      span = Math.ceil(span * Math.min(16, Math.max(2, (1.5 * (SEARCH_CAP + 1)) / Math.max(rows.length, 1))));
    }
  }

  /** Deletes the results with these ids (unknown ids are skipped); returns how many went. */
  delete(ids: readonly string[]): number {
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
      throw new HistoryError('invalid-request', 'Results to delete must be given as a list of ids.');
    }
    if (ids.length === 0) return 0;
    return this.guard('delete the results', () =>
      this.transaction(() => {
        const { changes } = this.statement('DELETE FROM results WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
        return Number(changes);
      }),
    );
  }

  /** Saved comparisons, one item each, in the same file (see comparisons.ts). */
  get comparisons(): ComparisonTable {
    this.comparisonTable ??= new ComparisonTable(this.file, {
      statement: (sql) => this.statement(sql),
      guard: (doing, work) => this.guard(doing, work),
      transaction: (work) => this.transaction(work),
    });
    return this.comparisonTable;
  }

  count(): number {
    return this.guard('count the results', () => (this.statement('SELECT count(*) AS n FROM results').get() as { n: number }).n);
  }

  /** Closes the file; later calls throw HistoryError('closed'). Safe to call twice. */
  close(): void {
    if (this.db === null) return;
    this.statements.clear();
    this.prefixExpansion = undefined;
    const db = this.db;
    this.db = null;
    db.close();
  }

  private insert(record: NewHistoryRecord): HistoryRecord {
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    const { article } = record;
    this.statement('INSERT INTO articles (text_hash, text) VALUES (?, ?) ON CONFLICT (text_hash) DO NOTHING').run(article.textHash, article.text);
    const { id: articleId } = this.statement('SELECT id FROM articles WHERE text_hash = ?').get(article.textHash) as { id: number };
    this.statement(
      `INSERT INTO results (id, created_at, article_id, title, source, word_count, mode, style, model_id,
         sampling, steering, stats, cancelled, preview, output)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id, createdAt, articleId, article.title, article.source, article.wordCount, record.mode, record.style, record.modelId,
      JSON.stringify(record.sampling), record.steering === null ? null : JSON.stringify(record.steering),
      JSON.stringify(record.stats), record.cancelled ? 1 : 0, makePreview(record.output), record.output,
    );
    return { id, createdAt, ...record };
  }

  private transaction<T>(work: () => T): T {
    if (this.inTransaction) return work();
    const db = this.connection();
    db.exec('BEGIN IMMEDIATE');
    this.inTransaction = true;
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // SQLite already rolled back (e.g. after SQLITE_FULL); the original error is what matters.
      }
      throw error;
    } finally {
      this.inTransaction = false;
    }
  }

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.connection().prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private connection(): DatabaseSync {
    if (this.db === null) throw new HistoryError('closed', 'The history is closed.');
    return this.db;
  }

  private guard<T>(doing: string, work: () => T): T {
    this.connection();
    try {
      return work();
    } catch (error) {
      throw toHistoryError(error, this.file, doing);
    }
  }
}
