import { SUMMARY_COLUMNS } from './codec';

/*
 * Full-text search spans two indexes: results_fts (title, style, output; one row per result) and
 * articles_fts (text; one row per distinct article). A result matches when EVERY term is found in
 * its own columns or in its article's text, so "storm brighton" finds a summary titled "Storm"
 * whose article mentions Brighton.
 *
 * Ranking: first by bm25 over the result's own words (title weighs most, then style, then the
 * summary), then by bm25 over the article text, then newest first. The two bm25 scores are not
 * added because they come from different indexes: their IDFs differ, and FTS5 clamps an IDF to
 * almost zero for a word in more than half of the rows, which in a small history would let an
 * article-only match outrank a title match. What the writer sees (title, summary) decides first.
 *
 * Broad searches: bm25 costs about ten times as much per row as matching, so scoring every hit of
 * a word found in most results would take tens of milliseconds at 10 000 results. A search looks
 * at the SEARCH_CAP most recently saved hits only: they are counted (the total stops at the cap,
 * and the list says "500+"), ranked as above, and paged. Below the cap, which is every search
 * that names something specific, nothing changes: all hits are counted and ranked. The newest
 * hits are found by widening a window of the newest results (seq ≥ ?lo) until it holds more than
 * the cap or covers the whole history, so a common word reads a few thousand rows, not all.
 *
 * The article side of a window searches only the articles its results use, as a few runs of ids
 * (ARTICLE_RUNS): article ids grow with time, so a window of recent results mostly uses one run of
 * recent articles, but summarising an old article again ("Summarise again", Regenerate) puts it in
 * the newest results, and a single range from the oldest article used would read every article
 * in between. FTS5 takes a rowid range in one pass; a list of ids (`rowid IN`) would restart the
 * query, and bm25's whole-index statistics, once per id.
 */
const RESULT_WEIGHTS = '8.0, 4.0, 2.0'; // title, style, output

/** A search counts and ranks at most this many hits, the most recently saved. */
export const SEARCH_CAP = 500;

/**
 * A parameter as an SQL integer. node:sqlite binds a JS number as REAL, and FTS5 ignores a rowid
 * bound that is not an INTEGER (it then reads every row and SQLite filters afterwards): with the
 * cast, a window of the newest 500 results costs a tenth of a full scan instead of nearly all of it.
 */
function int(n: number): string {
  return `CAST(?${n} AS INTEGER)`;
}

/** Runs of article ids a window's article side searches; more runs are merged across their smallest gaps. */
export const ARTICLE_RUNS = 4;

/** The articles results with seq ≥ ?1 use, in id order. */
export const WINDOW_ARTICLE_IDS_SQL = 'SELECT DISTINCT article_id AS id FROM results WHERE seq >= ?1 ORDER BY article_id';

/** Sorted distinct ids as at most ARTICLE_RUNS [first, last] runs that cover them all, split at the largest gaps. */
export function articleRuns(ids: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  if (ids.length > 0) {
    const splits = ids
      .slice(1)
      .map((id, i) => ({ at: i + 1, gap: id - ids[i] }))
      .filter((step) => step.gap > 1)
      .sort((a, b) => b.gap - a.gap || a.at - b.at)
      .slice(0, ARTICLE_RUNS - 1)
      .map((step) => step.at)
      .sort((a, b) => a - b);
    let start = 0;
    for (const at of [...splits, ids.length]) {
      runs.push([ids[start], ids[at - 1]]);
      start = at;
    }
  }
  return runs;
}

/** Article rows matching term ?n inside `runs` runs whose bounds start at parameter ?first. */
function articlesInRuns(select: string, n: number, first: number, runs: number): string {
  // No runs (no results in the window) still needs a valid, empty select.
  if (runs === 0) return `SELECT ${select} FROM articles_fts WHERE 0`;
  return Array.from(
    { length: runs },
    (_, r) => `SELECT ${select} FROM articles_fts WHERE articles_fts MATCH ?${n} AND rowid >= ${int(first + 2 * r)} AND rowid <= ${int(first + 2 * r + 1)}`,
  ).join('\n        UNION ALL ');
}

/** Rows of results with seq ≥ parameter ?lo that match term parameter ?n in either index. */
function termMatches(n: number, lo: number, runCount: number): string {
  return `SELECT seq FROM (
      SELECT rowid AS seq FROM results_fts WHERE results_fts MATCH ?${n} AND rowid >= ${int(lo)}
      UNION
      SELECT seq FROM results WHERE seq >= ?${lo} AND article_id IN (
        ${articlesInRuns('rowid', n, lo + 1, runCount)}
      )
    )`;
}

/**
 * The newest hits with seq ≥ lo, newest first. Parameters: each term, then lo, then the window's
 * article runs (articleRuns, two bounds each), then how many. Returns `seq`. The shape depends
 * only on the term and run counts, so the statements cache.
 */
export function windowSql(termCount: number, runCount: number): string {
  const lo = termCount + 1;
  const parts = Array.from({ length: termCount }, (_, i) => termMatches(i + 1, lo, runCount));
  return `SELECT seq FROM (${parts.join('\nINTERSECT\n')}) ORDER BY seq DESC LIMIT ?${lo + 1 + 2 * runCount}`;
}

/**
 * One page of the given hits, best first. Parameters: 1 all terms OR-ed, 2 the hits' seqs as a
 * JSON array, 3 the smallest of them, 4 limit, 5 offset, 6… the article runs of the window the
 * hits came from. bm25 runs only over rows from the oldest hit on and over those articles.
 */
export function pageSql(runCount: number): string {
  return `WITH hits(seq) AS MATERIALIZED (SELECT value FROM json_each(?2)),
  result_scores AS MATERIALIZED (
    SELECT rowid AS seq, bm25(results_fts, ${RESULT_WEIGHTS}) AS score FROM results_fts
    WHERE results_fts MATCH ?1 AND rowid >= CAST(?3 AS INTEGER)
  ),
  article_scores AS MATERIALIZED (
    ${articlesInRuns('rowid AS article_id, bm25(articles_fts) AS score', 1, 6, runCount)}
  )
  SELECT ${SUMMARY_COLUMNS}
  FROM hits JOIN results r ON r.seq = hits.seq
  LEFT JOIN result_scores rs ON rs.seq = r.seq
  LEFT JOIN article_scores a ON a.article_id = r.article_id
  ORDER BY coalesce(rs.score, 0), coalesce(a.score, 0), r.created_at DESC, r.seq DESC
  LIMIT ?4 OFFSET ?5`;
}
