/**
 * `steerling reproduce-original <article>`: the research project's configuration as it was (see
 * core/eval/original-experiment.ts), unsteered and steered, beside Steerling's recommended settings
 * for the same article (plain, prompted and steered summaries), with every score of each.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { ORIGINAL_SAMPLING, ORIGINAL_STEERING, originalPrompt } from '../../core/eval/original-experiment';
import type { SummaryScores } from '../../core/eval/score-types';
import { DEFAULT_SAMPLING } from '../../core/engine/sampling';
import type { AppEvent, EventPayloads } from '../../ipc/contract';
import { loadChosenModel, modelChoice, modelOptions, type ModelFlags } from '../eval-options';
import { followJob } from '../follow-job';
import { withBackend } from '../session';
import { UsageError } from '../cli-error';

interface ReproduceFlags extends ModelFlags {
  seed?: string;
  json?: boolean;
  quiet?: boolean;
}

interface Row {
  label: string;
  settings: string;
  output: string;
  scores: SummaryScores | null;
}

/**
 * A job's last event arrives just before the backend lets go of the model, so the next call can
 * meet "busy" for a moment; it is asked again a few times.
 */
async function whenFree<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if ((error as { code?: string }).code !== 'eval.busy' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

const fixed = (value: number | null | undefined, digits: number) => (value === null || value === undefined ? '–' : value.toFixed(digits));

function table(rows: Row[]): string[] {
  const head = ['', 'archaic/100w', 'ROUGE-L vs plain', 'facts', 'perplexity', 'contrast'];
  const body = rows.map((row) => [
    row.label,
    fixed(row.scores?.archaic.rate, 1),
    fixed(row.scores?.content.vsPlain?.rougeL.f1, 3),
    fixed(row.scores?.facts.share, 2),
    fixed(row.scores?.perplexity?.perplexity, 1),
    fixed(row.scores?.contrast?.score, 3),
  ]);
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((cells) => cells[i].length)));
  return [head, ...body].map((cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
}

export function registerReproduce(program: Command): void {
  const command = program
    .command('reproduce-original')
    .description("rerun the original research experiment's configuration beside Steerling's recommended settings, with every score")
    .argument('<article>', 'the article file')
    .option('--seed <n>', 'random seed for every run (default 42)')
    .option('--json', 'print every output and score as JSON')
    .option('-q, --quiet', 'no progress on stderr');
  modelOptions(command).action(async (file: string, flags: ReproduceFlags) => {
    const seed = flags.seed === undefined ? 42 : Number(flags.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new UsageError(`--seed must be a whole number from 0 to 4294967295 (got "${flags.seed}").`);
    const choice = modelChoice(flags, true);
    const say = (line: string) => !flags.quiet && process.stderr.write(`${line}\n`);
    await withBackend(program, async (backend) => {
      const article = await backend.handle('articles.importPath', { path: path.resolve(file) });
      await loadChosenModel(backend, choice);

      say('The original configuration: raw prompt, ActAdd at the very start, negation pair padded with EOS, layer 6, ×5, temperature 1, top-p 0.3, frequency penalty 1, 100 tokens…');
      const original = await followJob<EventPayloads['probe.done']>(backend, {
        start: async () =>
          (await backend.handle('probe.start', { text: originalPrompt(article), steering: ORIGINAL_STEERING, sampling: { ...ORIGINAL_SAMPLING, seed }, samples: 1 })).jobId,
        idOf: (e) => (e.event.startsWith('probe.') ? (e.payload as { jobId: string }).jobId : undefined),
        step: (e: AppEvent) => (e.event === 'probe.done' ? { done: e.payload } : e.event === 'probe.error' ? { error: new Error(e.payload.message) } : undefined),
        cancel: (id) => backend.handle('probe.cancel', { jobId: id }),
      });
      const [sample] = original.value.result.samples;
      if (!sample) {
        process.exitCode = 130;
        return;
      }

      const { defaults } = await backend.handle('steering.info', {});
      const recommended = { method: defaults.method, pairId: 'shakespearean', layerStart: defaults.layerStart, layerEnd: defaults.layerEnd, coefficient: defaults.coefficient, prompt: 'neutral' as const };
      say(`Steerling's recommended settings: chat template, neutral prompt, ${recommended.method} layers ${recommended.layerStart}–${recommended.layerEnd} ×${recommended.coefficient}…`);
      const compared = await followJob<EventPayloads['compare.done']>(backend, {
        start: async () =>
          (
            await whenFree(() => backend.handle('compare.start', {
              article,
              configs: [
                { id: 'plain', mode: 'plain' },
                { id: 'prompted', mode: 'prompted', style: 'shakespearean' },
                { id: 'steered', mode: 'steered', style: 'shakespearean', steering: recommended },
              ],
              sampling: { ...DEFAULT_SAMPLING, seed },
              style: 'shakespearean',
              judge: false,
            }))
          ).jobId,
        idOf: (e) => (e.event.startsWith('compare.') ? (e.payload as { jobId: string }).jobId : undefined),
        step: (e: AppEvent) => (e.event === 'compare.done' ? { done: e.payload } : e.event === 'compare.error' ? { error: new Error(e.payload.message) } : undefined),
        cancel: (id) => backend.handle('compare.cancel', { jobId: id }),
      });
      const rowsById = new Map(compared.value.result.rows.map((row) => [row.config.id, row]));
      const plain = rowsById.get('plain')?.output ?? null;
      const score = async (output: string) =>
        output.trim()
          ? (await whenFree(() => backend.handle('eval.scoreText', { output, article: { title: article.title, text: article.text }, plainSummary: plain ?? undefined, style: 'shakespearean', judge: false }))).scores
          : null;

      const rows: Row[] = [
        { label: 'original, unsteered', settings: 'raw prompt, no steering', output: sample.unsteered.text, scores: await score(sample.unsteered.text) },
        { label: 'original, steered', settings: 'raw prompt, ActAdd front, layer 6, ×5, EOS-padded negation pair', output: sample.steered.text, scores: await score(sample.steered.text) },
        ...(['plain', 'prompted', 'steered'] as const).map((id) => ({
          label: `Steerling ${id}`,
          settings: id === 'steered' ? `${recommended.method}, layers ${recommended.layerStart}–${recommended.layerEnd}, ×${recommended.coefficient}, neutral prompt` : id,
          output: rowsById.get(id)?.output ?? '',
          scores: rowsById.get(id)?.scores ?? null,
        })),
      ];
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ seed, rows }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${table(rows).join('\n')}\n\n`);
      for (const row of rows) process.stdout.write(`## ${row.label} (${row.settings})\n${row.output.trim()}\n\n`);
    });
  });
}
