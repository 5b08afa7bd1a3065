import path from 'node:path';
import type { Command } from 'commander';
import { BEST_RULE } from '../../core/eval/sweep/best';
import type { SteeringMethod } from '../../core/engine/steering-settings';
import { MAX_COEFFICIENT } from '../../core/steering/vectors';
import type { AppEvent, EventPayloads, RequestArgs } from '../../ipc/contract';
import { UsageError } from '../cli-error';
import { fixed, formatSweepGrid } from '../eval-format';
import { loadChosenModel, modelChoice, modelOptions, samplingOptions, type EvalSamplingFlags } from '../eval-options';
import { followJob, resumeCommand } from '../follow-job';
import { parseNameList, parseNumberList } from '../number-lists';
import { parsePositiveInt, parseSampling } from '../parse-options';
import { withBackend } from '../session';
import { LAYER_WORDS, STEERING_METHODS } from '../steering-options';

interface SweepFlags extends EvalSamplingFlags {
  pair?: string;
  vector?: string;
  style: string;
  layers: string;
  coeffs: string;
  methods: string;
  span?: string;
  samples?: string;
  score?: string;
  judge?: boolean;
  resume?: string;
  csv?: string;
  json?: string;
  quiet?: boolean;
}

function parseScore(raw: string | undefined): 'archaic' | 'contrast' | undefined {
  if (raw === undefined || raw === 'archaic' || raw === 'contrast') return raw;
  throw new UsageError(`--score must be archaic or contrast (got "${raw}").`);
}

function parseFlags(flags: SweepFlags) {
  if (flags.pair !== undefined && flags.vector !== undefined) throw new UsageError('Give either --pair or --vector, not both.');
  const methods = parseNameList<SteeringMethod>('methods', flags.methods, STEERING_METHODS);
  if (flags.vector !== undefined && methods.includes('actadd')) {
    throw new UsageError('--methods actadd needs a steering pair (it adds per-token differences); sweep caa or all with --vector.');
  }
  const layers = parseNumberList('layers', flags.layers, {
    integer: true,
    check: (layer) => (layer < 2 ? `layer ${layer} cannot be steered; steerable layers start at 2 (${LAYER_WORDS}).` : null),
  });
  const coefficients = parseNumberList('coeffs', flags.coeffs, {
    integer: false,
    check: (c) => (Math.abs(c) > MAX_COEFFICIENT ? `${c} is too large; use values between -${MAX_COEFFICIENT} and ${MAX_COEFFICIENT} (typical: 1–20).` : null),
  });
  const cells = methods.length * layers.length * coefficients.length;
  if (cells > 2000) throw new UsageError(`The grid has ${cells} cells; sweep at most 2000 at a time (fewer layers, coefficients or methods).`);
  return {
    methods,
    layers,
    coefficients,
    layerSpan: parsePositiveInt('span', flags.span),
    samples: parsePositiveInt('samples', flags.samples),
    styleScore: parseScore(flags.score),
    source: flags.vector !== undefined ? { vectorPath: path.resolve(flags.vector) } : { pairId: flags.pair ?? flags.style },
    csv: flags.csv ? path.resolve(flags.csv) : undefined,
    json: flags.json ? path.resolve(flags.json) : undefined,
  };
}

export function registerSweep(program: Command): void {
  const command = program
    .command('sweep')
    .description('steer one article over layers × coefficients (× methods), score every cell, and pick the best by a stated rule')
    .argument('<article>', 'the article file')
    .requiredOption('--layers <list>', 'layers: 4..20, 4,6,8 or 4..20:2 (layer L = input of block L)')
    .requiredOption('--coeffs <list>', 'coefficients: 1,2,4,8, 1..8 or 1..8:0.5')
    .option('--methods <list>', `steering methods to sweep: ${STEERING_METHODS.join(',')}`, 'actadd')
    .option('--pair <ref>', 'pair reference [library:]style[/pair] (default: every pair of --style)')
    .option('--vector <file.gguf>', 'a control-vector file instead of a pair (caa and all only)')
    .option('--style <id>', 'prompt style of the prompted baseline', 'shakespearean')
    .option('--span <n>', 'layers each cell steers, from its layer on (default 1)')
    .option('--samples <n>', 'summaries per cell with seeds seed, seed+1, …; cells rank by their mean (default 1)')
    .option('--score <name>', 'rank cells by archaic or contrast (default: archaic for Shakespearean styles)')
    .option('--judge', 'also ask the model for 1–5 ratings of every cell (slow)')
    .option('--resume <sweep-id>', 'continue a sweep that was stopped (same article and settings; the grid may grow)')
    .option('--csv <file>', 'also write every cell as CSV')
    .option('--json <file>', 'also write the whole result as JSON')
    .option('-q, --quiet', 'no progress on stderr');
  samplingOptions(modelOptions(command)).action(async (file: string, flags: SweepFlags) => {
    const parsed = parseFlags(flags);
    const sampling = parseSampling(flags);
    const choice = modelChoice(flags, true);
    const say = (text: string) => !flags.quiet && process.stderr.write(`${text}\n`);

    await withBackend(program, async (backend) => {
      const article = await backend.handle('articles.importPath', { path: path.resolve(file) });
      await loadChosenModel(backend, choice);
      const request: RequestArgs<'sweep.start'> = {
        article,
        style: flags.style,
        ...parsed.source,
        methods: parsed.methods,
        layers: parsed.layers,
        coefficients: parsed.coefficients,
        layerSpan: parsed.layerSpan,
        samples: parsed.samples,
        styleScore: parsed.styleScore,
        sampling,
        judge: Boolean(flags.judge),
        resumeId: flags.resume,
      };
      const { id: sweepId, value: done, interrupted } = await followJob<EventPayloads['sweep.done']>(backend, {
        start: async () => (await backend.handle('sweep.start', request)).sweepId,
        idOf: (e) => (e.event.startsWith('sweep.') ? (e.payload as { sweepId: string }).sweepId : undefined),
        step: (e: AppEvent) => {
          if (e.event === 'sweep.baseline') say(`${e.payload.which} baseline ${e.payload.skipped ? 'kept from the saved sweep' : 'done'}: style ${fixed(e.payload.baseline.styleScore, 2)}`);
          else if (e.event === 'sweep.cell') {
            const { cell, done: finished, total, skipped } = e.payload;
            say(`${cell.key} ${skipped ? 'kept' : cell.error ? `failed: ${cell.error}` : `style ${fixed(cell.styleScore, 2)}, content ${fixed(cell.contentScore, 2)}`} (${finished} of ${total})`);
          } else if (e.event === 'sweep.done') return { done: e.payload };
          else if (e.event === 'sweep.error') return { error: new Error(e.payload.message) };
          return undefined;
        },
        cancel: (id) => backend.handle('sweep.cancel', { sweepId: id }),
        onInterrupt: () => say('Stopping… (finished cells are kept)'),
      });

      process.stdout.write(`${formatSweepGrid(done.result).join('\n')}\n`);
      process.stdout.write(`Best: ${done.reason}\nRule: ${BEST_RULE}\n`);
      const { dataDir } = await backend.handle('app.info', {});
      const folder = path.join(dataDir, 'sweeps', sweepId);
      say(`Saved as sweep ${sweepId} (${folder}).`);
      for (const [format, target] of [['csv', parsed.csv], ['json', parsed.json]] as const) {
        if (!target) continue;
        const written = await backend.handle('sweep.export', { sweepId, format, path: target });
        say(`Written to ${written.path}`);
      }
      if (!done.complete) {
        const finished = done.result.cells.filter((cell) => !cell.error).length;
        say(`${interrupted ? 'Stopped' : 'Not every cell finished'} after ${finished} of ${done.result.total} cells. Resume with:\n  ${resumeCommand(sweepId)}`);
        process.exitCode = interrupted ? 130 : 1;
      }
    });
  });
}
