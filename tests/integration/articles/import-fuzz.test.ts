/**
 * A fixed slice of the import fuzz corpus (tests/fuzz), run through the real import worker on
 * every CI run: the crafted inputs that are quick to make and read, and the first mutants of
 * the default seed. `npm run fuzz` runs the whole corpus.
 */
import { describe, expect, it } from 'vitest';
import { buildCorpus, DEFAULT_SEED } from '../../fuzz/corpus';
import { formatSummary, runCorpus } from '../../fuzz/run-corpus';

/** Crafted inputs left to `npm run fuzz`: each takes seconds to make or to read. */
const SLOW = new Set([
  'docx-100k-nested',
  'docx-100k-paragraphs',
  'pdf-1999-pages',
  'pdf-text-bomb',
  'html-50k-flat',
  'html-45mb-one-line',
  'txt-45mb-one-line',
  'txt-49mb-lines',
  'eml-big-attachment',
  'eml-endless-header',
]);
const MUTANTS = 200;

describe('import fuzz subset', () => {
  it('ends every input in an article or a coded error, without the worker stopping it', async () => {
    const corpus = (await buildCorpus({ seed: DEFAULT_SEED, mutations: MUTANTS })).filter((input) => !SLOW.has(input.id));
    const summary = await runCorpus(corpus);
    expect(summary.results).toHaveLength(corpus.length);
    expect(summary.failures, formatSummary(summary)).toEqual([]);
    // The corpus exercises both ends: articles read and inputs refused for a named limit.
    expect(summary.counts.article).toBeGreaterThan(0);
    expect(summary.counts['too-complex']).toBeGreaterThan(0);
    expect(summary.counts['not-a-file']).toBeGreaterThan(0);
  }, 300_000);
});
