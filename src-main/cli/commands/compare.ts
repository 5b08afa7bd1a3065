import path from 'node:path';
import type { Command } from 'commander';
import type { AppBackend } from '../../backend/backend';
import type { AppEvent, EventPayloads, RequestArgs } from '../../ipc/contract';
import { DEFAULT_CONFIGS, parseCompareConfigs, type PendingConfig } from '../compare-configs';
import { formatComparison } from '../eval-format';
import { loadChosenModel, markdownPath, modelChoice, modelOptions, samplingOptions, type EvalSamplingFlags } from '../eval-options';
import { followJob, resumeCommand } from '../follow-job';
import { parsePositiveInt, parseSampling } from '../parse-options';
import { withBackend } from '../session';

interface CompareFlags extends EvalSamplingFlags {
  config?: string[];
  style?: string;
  judge?: boolean;
  out?: string;
  resume?: string;
  json?: boolean;
  quiet?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerCompare(program: Command): void {
  const command = program
    .command('compare')
    .description('summarise one article several ways with the same seed and print every score side by side (saved in the history)')
    .argument('<article>', 'the article file')
    .option('--config <spec>', `a configuration, repeatable: plain | prompted:<style> | steered:<pair>[:<method>:<layer>:<coeff>] (default: ${DEFAULT_CONFIGS.join(', ')})`, collect)
    .option('--style <ref>', 'style or pair to score against (default: the first steered pair, else the first prompted style)')
    .option('--judge', 'also ask the model for 1–5 ratings of each summary (slow)')
    .option('--out <file.md>', 'also write the comparison as Markdown')
    .option('--resume <comparison-id>', 'continue a comparison that was stopped (same article and sampling)')
    .option('--json', 'print the result as JSON')
    .option('-q, --quiet', 'no progress on stderr');
  samplingOptions(modelOptions(command)).action(async (file: string, flags: CompareFlags) => {
    const pending = parseCompareConfigs(flags.config?.length ? flags.config : DEFAULT_CONFIGS);
    const sampling = parseSampling(flags);
    const choice = modelChoice(flags, true);
    const out = flags.out ? markdownPath('out', flags.out) : undefined;

    await withBackend(program, async (backend) => {
      const article = await backend.handle('articles.importPath', { path: path.resolve(file) });
      await loadChosenModel(backend, choice);
      const configs = await withDefaults(backend, pending);
      const request: RequestArgs<'compare.start'> = { article, configs, sampling, judge: Boolean(flags.judge), style: flags.style, resumeId: flags.resume };
      const labels = new Map(configs.map((c) => [c.id, c.label ?? c.id]));
      const say = (text: string) => !flags.quiet && process.stderr.write(`${text}\n`);
      const { value: done, interrupted } = await followJob<EventPayloads['compare.done']>(backend, {
        start: async () => (await backend.handle('compare.start', request)).jobId,
        idOf: (e) => (e.event.startsWith('compare.') ? (e.payload as { jobId: string }).jobId : undefined),
        step: (e: AppEvent) => {
          if (e.event === 'compare.progress') {
            const p = e.payload;
            const name = labels.get(p.configId) ?? p.configId;
            if (p.type === 'start') say(`Summarising ${name} (${p.done + 1} of ${p.total})…`);
            else if (p.type === 'skipped') say(`Kept ${name} from the saved comparison.`);
            else if (p.type === 'failed') say(`${name} could not be summarised: ${p.message}`);
          } else if (e.event === 'compare.done') return { done: e.payload };
          else if (e.event === 'compare.error') return { error: new Error(e.payload.message) };
          return undefined;
        },
        cancel: (jobId) => backend.handle('compare.cancel', { jobId }),
        onInterrupt: () => say('Stopping… (the finished configurations are kept)'),
      });

      if (flags.json) process.stdout.write(`${JSON.stringify({ comparisonId: done.comparisonId, ...done.result }, null, 2)}\n`);
      else process.stdout.write(`${formatComparison(done.result).join('\n')}\n`);
      say(`Saved in the history as comparison ${done.comparisonId}.`);
      if (out) {
        const written = await backend.handle('compare.export', { id: done.comparisonId, path: out });
        say(`Written to ${written.path}`);
      }
      if (!done.result.complete) {
        say(`${interrupted ? 'Stopped' : 'Not every configuration finished'}. Resume with:\n  ${resumeCommand(done.comparisonId)}`);
        process.exitCode = interrupted ? 130 : 1;
      }
    });
  });
}

/** Steered rows given only a pair get the method, layers and strength suggested for the loaded model. */
async function withDefaults(backend: AppBackend, pending: PendingConfig[]): Promise<RequestArgs<'compare.start'>['configs']> {
  if (!pending.some((p) => p.needsDefaults)) return pending.map((p) => p.config);
  const { defaults } = await backend.handle('steering.info', {});
  return pending.map(({ config, needsDefaults }) =>
    needsDefaults && config.steering
      ? { ...config, steering: { ...config.steering, method: defaults.method, layerStart: defaults.layerStart, layerEnd: defaults.layerEnd, coefficient: defaults.coefficient } }
      : config,
  );
}

/** `steerling comparisons`: the saved comparisons, newest first (search with --search). */
export function registerComparisons(program: Command): void {
  program
    .command('comparisons')
    .description('saved comparisons, newest first; --search finds words in titles, configurations and outputs')
    .option('-s, --search <words>', 'full-text search')
    .option('-n, --limit <n>', 'how many to show', '20')
    .option('--json', 'machine-readable output')
    .action(async (flags: { search?: string; limit: string; json?: boolean }) => {
      const limit = parsePositiveInt('limit', flags.limit) ?? 20;
      await withBackend(program, async (backend) => {
        const page = await backend.handle('compare.list', { query: flags.search, limit, offset: 0 });
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
          return;
        }
        if (page.items.length === 0) {
          process.stdout.write(flags.search ? `No saved comparison matches "${flags.search}".\n` : 'No saved comparisons yet.\n');
          return;
        }
        for (const item of page.items) {
          const state = item.complete ? '' : ` (${item.rows} of ${item.configs.length} finished)`;
          process.stdout.write(`${item.id}  ${item.createdAt.slice(0, 16).replace('T', ' ')}  ${item.title}: ${item.configs.join(', ')}${state}\n`);
        }
        process.stdout.write(`${page.items.length} of ${page.total} shown\n`);
      });
    });
}
