/**
 * `npm run fuzz`: every fuzz input through the import worker, then a summary (outcomes, the
 * slowest inputs, peak memory). Exits non-zero if any input failed.
 *
 *   npm run fuzz -- [--seed N] [--mutations N] [--only <id substring>] [--timeout-ms N]
 */
import { parseArgs } from 'node:util';
import { buildCorpus, DEFAULT_MUTATIONS, DEFAULT_SEED } from './corpus';
import { formatSummary, runCorpus } from './run-corpus';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    mutations: { type: 'string', default: String(DEFAULT_MUTATIONS) },
    only: { type: 'string' },
    'timeout-ms': { type: 'string' },
  },
});

const corpus = (await buildCorpus({ seed: Number(values.seed), mutations: Number(values.mutations) })).filter(
  (input) => !values.only || input.id.includes(values.only),
);
process.stderr.write(`Fuzzing ${corpus.length} inputs (seed ${values.seed})\n`);
const summary = await runCorpus(corpus, {
  timeoutMs: values['timeout-ms'] ? Number(values['timeout-ms']) : undefined,
  onResult: (result, index) => {
    if (!result.passed) process.stderr.write(`FAIL ${result.id} (${result.name}) -> ${result.outcome}: ${result.message ?? ''}\n`);
    if ((index + 1) % 100 === 0) process.stderr.write(`${index + 1} of ${corpus.length}\n`);
  },
});
process.stdout.write(`${formatSummary(summary)}\n`);
process.exitCode = summary.failures.length > 0 ? 1 : 0;
