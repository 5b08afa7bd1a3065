/**
 * `steerling probe` (raw continuations of one sentence, unsteered beside steered) and
 * `steerling calibrate` (find settings for a style on the model and save them as its preset).
 * Both run through the backend like the app's Probe and Find settings; Ctrl-C cancels.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CALIBRATE_RULE, type CalibrationCell } from '../../core/eval/calibrate';
import { PROBE_SAMPLING } from '../../core/eval/probe';
import type { SamplingSettings } from '../../core/engine/types';
import type { SteeringMethod } from '../../core/engine/steering-settings';
import type { AppEvent, EventPayloads } from '../../ipc/contract';
import { UsageError } from '../cli-error';
import { loadChosenModel, modelChoice, modelOptions, samplingOptions, type EvalSamplingFlags } from '../eval-options';
import { followJob } from '../follow-job';
import { parseNameList, parseNumberList } from '../number-lists';
import { parsePositiveInt, parseSampling } from '../parse-options';
import { withBackend } from '../session';
import { LAYER_WORDS, STEERING_METHODS } from '../steering-options';
import { steeringFromFlags, steeringOptions, type SteeringFlags } from './steered-summary';

interface ProbeFlags extends EvalSamplingFlags, SteeringFlags {
  samples?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Probe sampling: the flags given, PROBE_SAMPLING for the rest (short continuations, not summaries). */
function probeSamplingOf(flags: EvalSamplingFlags): SamplingSettings {
  const parsed = parseSampling(flags);
  const given = (flag: keyof EvalSamplingFlags) => flags[flag] !== undefined;
  return {
    temperature: given('temperature') ? parsed.temperature : PROBE_SAMPLING.temperature,
    topP: given('topP') ? parsed.topP : PROBE_SAMPLING.topP,
    seed: given('seed') ? parsed.seed : PROBE_SAMPLING.seed,
    maxTokens: given('maxTokens') ? parsed.maxTokens : PROBE_SAMPLING.maxTokens,
    repeatPenalty: given('repeatPenalty') ? parsed.repeatPenalty : PROBE_SAMPLING.repeatPenalty,
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function registerProbe(program: Command): void {
  const command = program
    .command('probe')
    .description('continue one sentence raw (no chat template), unsteered and steered side by side: try a vector in seconds')
    .argument('<text>', 'the sentence to continue')
    .option('--style <id>', 'style whose pairs steer when no --pair is given', 'shakespearean')
    .option('--samples <n>', 'continuations of each kind, seeds seed, seed+1, … (default 3)')
    .option('--json', 'print the whole result as JSON')
    .option('-q, --quiet', 'no progress on stderr');
  samplingOptions(modelOptions(steeringOptions(command))).action(async (text: string, flags: ProbeFlags) => {
    if (flags.prompt !== undefined) throw new UsageError('--prompt does not apply to a probe: it continues the text as given, with no prompt around it.');
    const pending = steeringFromFlags(flags, 'steered')!;
    const sampling = probeSamplingOf(flags);
    const samples = parsePositiveInt('samples', flags.samples) ?? 3;
    const choice = modelChoice(flags, true);
    const say = (line: string) => !flags.quiet && process.stderr.write(`${line}\n`);
    await withBackend(program, async (backend) => {
      await loadChosenModel(backend, choice);
      const steering = await pending.resolve(backend, false);
      const { prompt: _prompt, ...rawSteering } = steering;
      const layers = rawSteering.layerStart === rawSteering.layerEnd ? `layer ${rawSteering.layerStart}` : `layers ${rawSteering.layerStart}–${rawSteering.layerEnd}`;
      const source = rawSteering.pairId !== undefined ? `pair ${rawSteering.pairId}` : `vector ${rawSteering.vectorPath}`;
      say(`Probe: ${rawSteering.method}, ${source}, ${layers}, coefficient ${rawSteering.coefficient}${rawSteering.frontAt ? `, front at the ${rawSteering.frontAt === 'start' ? 'very start' : 'first text token'}` : ''}; no chat template`);
      const { value: done, interrupted } = await followJob<EventPayloads['probe.done']>(backend, {
        start: async () => (await backend.handle('probe.start', { text, steering: rawSteering, sampling, samples })).jobId,
        idOf: (e) => (e.event.startsWith('probe.') ? (e.payload as { jobId: string }).jobId : undefined),
        step: (e: AppEvent) => {
          if (e.event === 'probe.sample') {
            const { sample } = e.payload;
            if (!flags.json) {
              process.stdout.write(
                `seed ${sample.seed}\n  unsteered (${sample.unsteered.archaicMarkers} archaic): ${oneLine(sample.unsteered.text)}\n` +
                  `  steered   (${sample.steered.archaicMarkers} archaic): ${oneLine(sample.steered.text)}\n`,
              );
            }
          } else if (e.event === 'probe.done') return { done: e.payload };
          else if (e.event === 'probe.error') return { error: new Error(e.payload.message) };
          return undefined;
        },
        cancel: (id) => backend.handle('probe.cancel', { jobId: id }),
        onInterrupt: () => say('Stopping…'),
      });
      if (flags.json) process.stdout.write(`${JSON.stringify(done.result, null, 2)}\n`);
      if (done.result.cancelled) {
        say(`Stopped after ${done.result.samples.length} of ${samples} samples.`);
        process.exitCode = interrupted ? 130 : 1;
      }
    });
  });
}

interface CalibrateFlags extends EvalSamplingFlags {
  style: string;
  pair?: string;
  methods?: string;
  layers?: string;
  coeffs?: string;
  samples?: string;
  prompts?: string;
  score?: string;
  maxPerplexityRatio?: string;
  minDistinct?: string;
  save: boolean;
  json?: string;
  quiet?: boolean;
}

function formatDuration(ms: number | null): string {
  if (ms === null) return 'estimating';
  const seconds = Math.round(ms / 1000);
  return seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
}

function pct(value: number): string {
  return `${(value * 100).toFixed(0)}%`;
}

function cellLine(cell: CalibrationCell): string {
  const style = `${pct(cell.hitRate.mean)} ± ${pct(cell.hitRate.spread)} in style`;
  const fluency = cell.perplexity === null ? '' : `, perplexity ${cell.perplexity.toFixed(1)}`;
  return `${cell.key.padEnd(14)} ${style}${fluency}${cell.excluded ? ` — excluded: ${cell.excluded}` : ''}`;
}

function readPrompts(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(file), 'utf8');
  } catch (error) {
    throw new UsageError(`--prompts ${file} could not be read: ${(error as Error).message}`);
  }
  const prompts = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  if (prompts.length === 0) throw new UsageError(`--prompts ${file} has no sentences (one per line).`);
  return prompts;
}

export function registerCalibrate(program: Command): void {
  const command = program
    .command('calibrate')
    .description('find steering settings for a style on this model (a short search over methods, layers and strengths) and save the best as its preset')
    .option('--style <id>', 'the style to calibrate (its pairs steer unless --pair)', 'shakespearean')
    .option('--pair <ref>', 'pair reference [library:]style[/pair] to steer with')
    .option('--methods <list>', `methods to try: ${STEERING_METHODS.join(',')} (default actadd,caa)`)
    .option('--layers <list>', `layers to try for every method, e.g. 6,10,14 (${LAYER_WORDS}; default: three per method for the model)`)
    .option('--coeffs <list>', 'strengths to try for every method (default: actadd 3,6,12; caa 2,4,8; all 1,2,4)')
    .option('--samples <n>', 'seeds per sentence and cell, reported as mean ± spread (default 2)')
    .option('--prompts <file>', 'probe sentences, one per line (default: four built-in neutral sentences)')
    .option('--score <name>', 'archaic or contrast (default: archaic for Shakespearean styles)')
    .option('--max-perplexity-ratio <x|off>', 'fluency limit: perplexity at most x times the unsteered (default 3)')
    .option('--min-distinct <x|off>', 'repetition limit: distinct words at least x times the unsteered share (default 0.6)')
    .option('--no-save', 'do not save the best setting as the preset')
    .option('--json <file>', 'also write the whole result as JSON')
    .option('-q, --quiet', 'no progress on stderr');
  samplingOptions(modelOptions(command)).action(async (flags: CalibrateFlags) => {
    const methods = flags.methods === undefined ? undefined : parseNameList<SteeringMethod>('methods', flags.methods, STEERING_METHODS);
    const layers =
      flags.layers === undefined
        ? undefined
        : parseNumberList('layers', flags.layers, { integer: true, check: (layer) => (layer < 2 ? `layer ${layer} cannot be steered; steerable layers start at 2.` : null) });
    const coefficients = flags.coeffs === undefined ? undefined : parseNumberList('coeffs', flags.coeffs, { integer: false, check: () => null });
    const samples = parsePositiveInt('samples', flags.samples);
    if (flags.score !== undefined && flags.score !== 'archaic' && flags.score !== 'contrast') throw new UsageError(`--score must be archaic or contrast (got "${flags.score}").`);
    const prompts = flags.prompts === undefined ? undefined : readPrompts(flags.prompts);
    const limit = (flag: string, raw: string | undefined, max: number): number | null | undefined => {
      if (raw === undefined) return undefined;
      if (raw === 'off') return null;
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value) || value <= 0 || value > max) throw new UsageError(`--${flag} must be a number above 0 and at most ${max}, or off (got "${raw}").`);
      return value;
    };
    const limits = {
      maxPerplexityRatio: limit('max-perplexity-ratio', flags.maxPerplexityRatio, 1e6),
      minDistinctShare: limit('min-distinct', flags.minDistinct, 1),
    };
    const given = (flag: keyof EvalSamplingFlags) => flags[flag] !== undefined;
    if (given('maxTokens') || given('temperature') || given('topP') || given('seed') || given('repeatPenalty')) {
      throw new UsageError('calibrate uses its own short sampling (24 tokens, temperature 0.8); sampling flags do not apply.');
    }
    const choice = modelChoice(flags, true);
    const say = (line: string) => !flags.quiet && process.stderr.write(`${line}\n`);
    await withBackend(program, async (backend) => {
      await loadChosenModel(backend, choice);
      const args = { style: flags.style, pairId: flags.pair, prompts, methods, layers, coefficients, samples, styleScore: flags.score as 'archaic' | 'contrast' | undefined, limits, save: flags.save };
      const { value: done, interrupted } = await followJob<EventPayloads['calibrate.done']>(backend, {
        start: async () => (await backend.handle('calibrate.start', args)).jobId,
        idOf: (e) => (e.event.startsWith('calibrate.') ? (e.payload as { jobId: string }).jobId : undefined),
        step: (e: AppEvent) => {
          if (e.event === 'calibrate.progress') {
            const { done: finished, total, etaMs, cell } = e.payload;
            if (cell) say(`${cellLine(cell)}  (${finished} of ${total} continuations, ${formatDuration(etaMs)} left)`);
          } else if (e.event === 'calibrate.done') return { done: e.payload };
          else if (e.event === 'calibrate.error') return { error: new Error(e.payload.message) };
          return undefined;
        },
        cancel: (id) => backend.handle('calibrate.cancel', { jobId: id }),
        onInterrupt: () => say('Stopping… (nothing is saved)'),
      });
      const { result, preset } = done;
      process.stdout.write(
        `Unsteered: ${pct(result.baseline.hitRate.mean)} ± ${pct(result.baseline.hitRate.spread)} in style` +
          `${result.baseline.perplexity === null ? '' : `, perplexity ${result.baseline.perplexity.toFixed(1)}`}\n` +
          `${result.cells.map(cellLine).join('\n')}\n` +
          `Best: ${result.reason}\nRule: ${CALIBRATE_RULE}\n` +
          `${result.generatedTokens} tokens generated in ${formatDuration(result.elapsedMs)}.\n`,
      );
      if (preset) say(`Saved as the preset "${preset.name}" of ${preset.pairId}.`);
      if (flags.json) {
        fs.writeFileSync(path.resolve(flags.json), JSON.stringify(result, null, 2));
        say(`Written to ${path.resolve(flags.json)}`);
      }
      if (!result.complete) process.exitCode = interrupted ? 130 : 1;
      else if (!result.best) process.exitCode = 1;
    });
  });
}
