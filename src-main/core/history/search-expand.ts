import type { DatabaseSync, StatementSync } from 'node:sqlite';

/*
 * FTS5 answers a prefix term ("storm"*) that no prefix index covers by merging the whole lists of
 * every word it begins, for all rows, before it can skip to the rows a search wants: at 10 000
 * results that is most of a broad search's time. The indexes carry one- and two-letter prefix
 * indexes (schema.ts, format 3); a longer prefix that begins only a few indexed words is rewritten
 * as those words OR-ed ("storm" OR "storms"), which FTS5 reads row range by row range. The match
 * set is the same: the words come from the two indexes' own vocabularies, and the writer's text is
 * split by the same tokenizer the indexes use (a scratch FTS5 table), so case and accent folding
 * agree exactly.
 */

/** Prefixes at most this long are served by the prefix indexes. */
const INDEXED_PREFIX = 2;
/** A prefix beginning more indexed words than this stays a prefix query. */
const MAX_WORDS = 16;
/** Above every code point, so `term < prefix || CEILING` bounds the words that begin `prefix`. */
const CEILING = String.fromCodePoint(0x10ffff);

function quote(tokens: readonly string[]): string {
  return `"${tokens.join(' ').replaceAll('"', '""')}"`;
}

export class PrefixExpansion {
  private readonly insert: StatementSync;
  private readonly tokens: StatementSync;
  private readonly clear: StatementSync;
  private readonly words: StatementSync;

  constructor(db: DatabaseSync) {
    // Temporary tables live with this connection only; nothing is written to the history file.
    db.exec(`
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_input USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_input_words USING fts5vocab (temp, search_input, instance);
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.result_words USING fts5vocab (main, results_fts, row);
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.article_words USING fts5vocab (main, articles_fts, row);
    `);
    this.insert = db.prepare('INSERT INTO temp.search_input (rowid, text) VALUES (1, ?)');
    this.tokens = db.prepare('SELECT term FROM temp.search_input_words ORDER BY offset');
    this.clear = db.prepare('DELETE FROM temp.search_input');
    this.words = db.prepare(
      `SELECT term FROM temp.result_words WHERE term >= ?1 AND term < ?2
       UNION SELECT term FROM temp.article_words WHERE term >= ?1 AND term < ?2
       LIMIT ${MAX_WORDS + 1}`,
    );
  }

  /**
   * The FTS5 expression for one term as toFtsTerms writes it (`"words"*`): the same term, or the
   * phrase with its last word replaced by each indexed word that word begins, OR-ed.
   */
  expand(term: string): string {
    const text = term.slice(1, -2).replaceAll('""', '"');
    this.insert.run(text);
    let tokens: string[];
    try {
      tokens = (this.tokens.all() as { term: string }[]).map((row) => row.term);
    } finally {
      this.clear.run();
    }
    const last = tokens.at(-1);
    if (last === undefined || [...last].length <= INDEXED_PREFIX) return term;
    const words = (this.words.all(last, last + CEILING) as { term: string }[]).map((row) => row.term);
    if (words.length === 0 || words.length > MAX_WORDS) return term;
    const head = tokens.slice(0, -1);
    return `(${words.map((word) => quote([...head, word])).join(' OR ')})`;
  }
}
