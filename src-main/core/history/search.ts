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
 */
const RESULT_WEIGHTS = '8.0, 4.0, 2.0'; // title, style, output

/** Rows of results matching term parameter ?n in either index. */
function termMatches(n: number): string {
  return `SELECT seq FROM (
      SELECT rowid AS seq FROM results_fts WHERE results_fts MATCH ?${n}
      UNION
      SELECT seq FROM results WHERE article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?${n})
    )`;
}

function hitsCte(termCount: number): string {
  const parts = Array.from({ length: termCount }, (_, i) => termMatches(i + 1));
  return `hits(seq) AS MATERIALIZED (${parts.join('\nINTERSECT\n')})`;
}

export interface SearchSql {
  /** Parameters: each term, then all terms OR-ed, then limit, then offset. */
  page: string;
  /** Parameters: each term. */
  total: string;
}

/** SQL for a search with `termCount` terms; the shape depends only on the count, so it caches. */
export function searchSql(termCount: number): SearchSql {
  const any = termCount + 1;
  const page = `WITH ${hitsCte(termCount)},
    result_scores AS MATERIALIZED (
      SELECT rowid AS seq, bm25(results_fts, ${RESULT_WEIGHTS}) AS score FROM results_fts WHERE results_fts MATCH ?${any}
    ),
    article_scores AS MATERIALIZED (
      SELECT rowid AS article_id, bm25(articles_fts) AS score FROM articles_fts WHERE articles_fts MATCH ?${any}
    )
    SELECT ${SUMMARY_COLUMNS}
    FROM hits JOIN results r ON r.seq = hits.seq
    LEFT JOIN result_scores rs ON rs.seq = r.seq
    LEFT JOIN article_scores a ON a.article_id = r.article_id
    ORDER BY coalesce(rs.score, 0), coalesce(a.score, 0), r.created_at DESC, r.seq DESC
    LIMIT ?${any + 1} OFFSET ?${any + 2}`;
  const total = `WITH ${hitsCte(termCount)} SELECT count(*) AS n FROM hits`;
  return { page, total };
}
