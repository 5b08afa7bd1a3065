import type { DatabaseSync } from 'node:sqlite';
import { HistoryError } from './errors';

/*
 * Layout, and why:
 * - articles: one row per distinct article text (UNIQUE text_hash), so 100 summaries of one
 *   article keep its text once. Rows are removed by trigger when the last result using them goes.
 * - results: one row per saved summary. `seq` (the rowid) is the FTS rowid and the tie-break for
 *   results saved within the same millisecond. `preview` is cut at save time so a list page reads
 *   neither the article nor the whole output. The long `output` column is last so list queries
 *   rarely touch its overflow pages.
 * - results_fts / articles_fts: contentless FTS5 indexes (the text lives only in the tables above)
 *   with contentless_delete so rows can be removed by rowid. The article text is indexed once per
 *   article, not once per summary; search joins the two (see search.ts).
 * Triggers keep both indexes and the article garbage collection in step with every write, so no
 * code path can forget them.
 */
/** Exported for tests that build a file as an older Steerling left it. */
export const MIGRATIONS: readonly string[] = [
  // 1: first schema.
  `
  CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    text_hash TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS results (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('plain', 'prompted', 'steered')),
    style TEXT,
    model_id TEXT NOT NULL,
    sampling TEXT NOT NULL,
    steering TEXT,
    stats TEXT NOT NULL,
    cancelled INTEGER NOT NULL CHECK (cancelled IN (0, 1)),
    preview TEXT NOT NULL,
    output TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS results_by_date ON results (created_at);
  CREATE INDEX IF NOT EXISTS results_by_article ON results (article_id);

  CREATE VIRTUAL TABLE IF NOT EXISTS results_fts USING fts5 (
    title, style, output,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (
    text,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );

  CREATE TRIGGER IF NOT EXISTS articles_indexed AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TRIGGER IF NOT EXISTS articles_unindexed AFTER DELETE ON articles BEGIN
    DELETE FROM articles_fts WHERE rowid = old.id;
  END;
  CREATE TRIGGER IF NOT EXISTS results_indexed AFTER INSERT ON results BEGIN
    INSERT INTO results_fts (rowid, title, style, output)
      VALUES (new.seq, new.title, coalesce(new.style, ''), new.output);
  END;
  CREATE TRIGGER IF NOT EXISTS results_unindexed AFTER DELETE ON results BEGIN
    DELETE FROM results_fts WHERE rowid = old.seq;
    DELETE FROM articles WHERE id = old.article_id
      AND NOT EXISTS (SELECT 1 FROM results WHERE article_id = old.article_id);
  END;
  `,
  // 2: comparisons, one row each (comparisons.ts). The article text is kept in the row, not in
  // `articles`, whose rows go with their last result. The search index reads the outputs out of
  // the result JSON, so they are stored once.
  `
  CREATE TABLE IF NOT EXISTS comparisons (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    text_hash TEXT NOT NULL,
    article_text TEXT NOT NULL,
    model_id TEXT NOT NULL,
    complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
    labels TEXT NOT NULL,
    result TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS comparisons_by_date ON comparisons (created_at);

  CREATE VIRTUAL TABLE IF NOT EXISTS comparisons_fts USING fts5 (
    title, labels, outputs,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER IF NOT EXISTS comparisons_indexed AFTER INSERT ON comparisons BEGIN
    INSERT INTO comparisons_fts (rowid, title, labels, outputs) VALUES (new.seq, new.title, new.labels,
      (SELECT coalesce(group_concat(json_extract(value, '$.output'), ' '), '') FROM json_each(new.result, '$.rows')));
  END;
  CREATE TRIGGER IF NOT EXISTS comparisons_reindexed AFTER UPDATE ON comparisons BEGIN
    DELETE FROM comparisons_fts WHERE rowid = old.seq;
    INSERT INTO comparisons_fts (rowid, title, labels, outputs) VALUES (new.seq, new.title, new.labels,
      (SELECT coalesce(group_concat(json_extract(value, '$.output'), ' '), '') FROM json_each(new.result, '$.rows')));
  END;
  CREATE TRIGGER IF NOT EXISTS comparisons_unindexed AFTER DELETE ON comparisons BEGIN
    DELETE FROM comparisons_fts WHERE rowid = old.seq;
  END;
  `,
  // 3: one- and two-letter prefix indexes on the result and article indexes, so the first letters
  // typed into the search box read one short list instead of merging every word they begin.
  // FTS5 options are fixed at creation: the indexes are rebuilt from the tables (the triggers name
  // the tables, so they keep working).
  `
  DROP TABLE IF EXISTS results_fts;
  CREATE VIRTUAL TABLE IF NOT EXISTS results_fts USING fts5 (
    title, style, output,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2'
  );
  INSERT INTO results_fts (rowid, title, style, output) SELECT seq, title, coalesce(style, ''), output FROM results;
  DROP TABLE IF EXISTS articles_fts;
  CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (
    text,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2'
  );
  INSERT INTO articles_fts (rowid, text) SELECT id, text FROM articles;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

function readVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  return row.user_version;
}

/**
 * Brings the file up to SCHEMA_VERSION, one step per transaction, `user_version` counting the
 * steps done. Refuses files from a newer Steerling and SQLite files that hold someone else's
 * tables, rather than writing into them.
 *
 * The app and the CLI may open a brand-new history at the same moment: every step reads the
 * version inside its own write transaction (BEGIN IMMEDIATE, so the other process waits on the
 * busy timeout), and a step another process has done meanwhile is skipped. The statements say
 * IF NOT EXISTS as a second line of defence.
 */
export function migrate(db: DatabaseSync, file: string): void {
  const version = readVersion(db);
  if (version > SCHEMA_VERSION) throw newerVersion(file, version);
  if (version === SCHEMA_VERSION) return;
  for (;;) {
    db.exec('BEGIN IMMEDIATE');
    let current: number;
    try {
      current = readVersion(db);
      if (current > SCHEMA_VERSION) throw newerVersion(file, current);
      if (current < SCHEMA_VERSION) {
        if (current === 0) refuseForeignTables(db, file);
        db.exec(MIGRATIONS[current]);
        db.exec(`PRAGMA user_version = ${current + 1}`);
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    if (current >= SCHEMA_VERSION - 1) return;
  }
}

function newerVersion(file: string, version: number): HistoryError {
  return new HistoryError(
    'newer-version',
    `The history file ${file} was written by a newer version of Steerling (format ${version}; this version reads up to ${SCHEMA_VERSION}). Update Steerling to open it; the file was left untouched.`,
  );
}

function refuseForeignTables(db: DatabaseSync, file: string): void {
  const { n } = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").get() as { n: number };
  if (n > 0) {
    throw new HistoryError('not-a-database', `${file} is a SQLite database, but not a Steerling history. It was left untouched; choose another file.`);
  }
}
