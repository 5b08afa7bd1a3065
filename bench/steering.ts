/**
 * Steering cost, measured side by side in one process on one context, on each bench model
 * (bench-models.ts: the small model and the Mistral-width one):
 * - decode rate of steered summaries ÷ unsteered ones, for all positions and after-prompt (goal
 *   ≥ 0.98) and ActAdd front (goal ≥ 0.97); the rate counts tokens after the first over the time
 *   after the first (prompt work excluded), by wall clock and by process CPU time;
 * - time to first token of ActAdd front ÷ unsteered (goal ≤ 1.10): the prompt up to its front is
 *   evaluated in one batch in a temporary context (each front token with its own vector) and the
 *   sequence loads that KV cache;
 * - (small model) time to build a vector from one pair ÷ the prefill time of that pair (goal ≤ 2).
 * Rounds rotate the order of the variants so drift hits all alike; every ratio is the median of
 * per-round paired ratios with its range (paired.ts says why).
 *
 * Run: npx tsx bench/steering.ts   (env: BENCH_MODELS=small,mistral, BENCH_ROUNDS, BENCH_TOKENS, STEERLING_THREADS)
 */
import { pathToFileURL } from 'node:url';
import { LocalEngine, resolveThreadCount } from '../src-main/core/engine';
import type { SamplingSettings, SummaryRequest } from '../src-main/core/engine/types';
import { buildActAddVector, tokenisePair } from '../src-main/core/steering/builders';
import { builtinLibrary } from '../src-main/core/steering/pair-library';
import type { SteeringSettings } from '../src-main/core/engine/steering-settings';
import { createSteeringProvider } from '../src-main/core/steering/steering-provider';
import { readerFor } from '../src-main/core/steering/vector-building';
import { selectedBenchModels, type BenchModel } from './bench-models';
import { cpuSecondsSince, formatRatio, median, pairedRatio, verdict, type PairedRatio } from './paired';

export interface SteeringBenchResult {
  model: BenchModel['name'];
  decode: Record<string, { wall: PairedRatio; cpu: PairedRatio }>;
  actAddTtft: { wall: PairedRatio; cpu: PairedRatio };
  buildOverPrefill: number | null;
}

interface Run {
  /** Decode tokens per wall second and per CPU second, after the first token. */
  wall: number;
  cpu: number;
  ttftMs: number;
  ttftCpuS: number;
  promptTokens: number;
}

export async function benchSteering(): Promise<SteeringBenchResult[]> {
  const results: SteeringBenchResult[] = [];
  for (const model of selectedBenchModels()) results.push(await benchSteeringOn(model));
  return results;
}

async function benchSteeringOn(bench: BenchModel): Promise<SteeringBenchResult> {
  const { rounds, maxTokens, article } = bench;
  const threads = resolveThreadCount();
  const engine = new LocalEngine({ threads, steering: createSteeringProvider() });
  try {
    const info = await engine.loadModel(await bench.path(), { contextSize: 4096 });
    const loaded = engine.loadedModel()!;
    const sampling: SamplingSettings = { temperature: 0.8, topP: 0.95, seed: 7, maxTokens, repeatPenalty: 1.1 };
    const last = info.nLayer;
    const first = Math.min(3, last);
    const pairId = 'shakespearean/thou-art';
    // Steered runs use the 'styled' prompt, so the unsteered baseline (prompted, same style) has
    // exactly the same prompt tokens: decode and prefill then differ by the vector alone.
    const style = 'shakespearean';
    const variants: { name: string; goal: number; steering?: SteeringSettings }[] = [
      { name: 'unsteered', goal: 1 },
      { name: 'all positions', goal: 0.98, steering: { method: 'all', pairId, layerStart: first, layerEnd: last, coefficient: 2, prompt: 'styled' } },
      { name: 'after prompt', goal: 0.98, steering: { method: 'caa', pairId, layerStart: first, layerEnd: last, coefficient: 2, prompt: 'styled' } },
      { name: 'ActAdd front', goal: 0.97, steering: { method: 'actadd', pairId, layerStart: first, layerEnd: first, coefficient: 4, prompt: 'styled' } },
    ];

    async function run(steering: SteeringSettings | undefined): Promise<Run> {
      const request: SummaryRequest = { article, mode: steering ? 'steered' : 'prompted', style, steering, sampling };
      const start = performance.now();
      const startCpu = process.cpuUsage();
      let firstAt = 0;
      let ttftCpuS = 0;
      let firstCpu: NodeJS.CpuUsage | undefined;
      for await (const event of engine.summarize(request)) {
        if (event.type === 'text' && !firstAt) {
          firstAt = performance.now();
          ttftCpuS = cpuSecondsSince(startCpu);
          firstCpu = process.cpuUsage();
        }
        if (event.type === 'done') {
          const tokens = event.stats.outputTokens - 1;
          if (tokens < 1 || firstCpu === undefined) throw new Error('A bench run wrote fewer than two tokens');
          return {
            wall: tokens / ((performance.now() - firstAt) / 1000),
            cpu: tokens / cpuSecondsSince(firstCpu),
            ttftMs: firstAt - start,
            ttftCpuS,
            promptTokens: event.stats.promptTokens,
          };
        }
      }
      throw new Error('No done event');
    }

    console.log(`\n-- ${bench.label}`);
    console.log(`model: ${info.id} (${info.nLayer} blocks, n_embd ${info.nEmbd}), gpu: ${info.gpu || 'none'}, threads: ${threads}`);
    const warm: Run[] = [];
    for (const variant of variants) warm.push(await run(variant.steering)); // also builds the vectors
    const promptSizes = [...new Set(warm.map((r) => r.promptTokens))];
    if (promptSizes.length !== 1) throw new Error(`The variants' prompts differ (${promptSizes.join(', ')} tokens): the ratios would compare different work`);
    console.log(`prompt: ${promptSizes[0]} tokens for every variant, output: ${maxTokens} tokens, rounds: ${rounds} (+1 warm-up each)`);
    const runs = variants.map(() => [] as Run[]);
    for (let round = 0; round < rounds; round++) {
      const order = variants.map((_, i) => (i + round) % variants.length);
      for (const index of round % 2 === 0 ? order : order.reverse()) runs[index].push(await run(variants[index].steering));
    }
    console.log(`${''.padEnd(16)} ${'tok/s wall'.padStart(12)} ${'tok/CPU-s'.padStart(12)} ${'TTFT ms'.padStart(10)}   (medians)`);
    variants.forEach((variant, i) =>
      console.log(
        `${variant.name.padEnd(16)} ${median(runs[i].map((r) => r.wall)).toFixed(2).padStart(12)} ${median(runs[i].map((r) => r.cpu)).toFixed(2).padStart(12)} ${median(runs[i].map((r) => r.ttftMs)).toFixed(0).padStart(10)}`,
      ),
    );
    console.log('ratios to unsteered: median of per-round paired ratios (min–max), wall | CPU time');
    const decode: SteeringBenchResult['decode'] = {};
    variants.forEach((variant, i) => {
      if (i === 0) return;
      const wall = pairedRatio(runs[i].map((r) => r.wall), runs[0].map((r) => r.wall));
      const cpu = pairedRatio(runs[i].map((r) => r.cpu), runs[0].map((r) => r.cpu));
      decode[variant.name] = { wall, cpu };
      console.log(`  decode ${variant.name.padEnd(14)} ${formatRatio(wall)} | ${formatRatio(cpu)}  ${verdict(cpu, variant.goal, 'at least')}`);
    });
    const actAdd = runs[3];
    const actAddTtft = {
      wall: pairedRatio(actAdd.map((r) => r.ttftMs), runs[0].map((r) => r.ttftMs)),
      cpu: pairedRatio(actAdd.map((r) => r.ttftCpuS), runs[0].map((r) => r.ttftCpuS)),
    };
    console.log(`  TTFT ActAdd front      ${formatRatio(actAddTtft.wall)} | ${formatRatio(actAddTtft.cpu)}  ${verdict(actAddTtft.cpu, 1.1, 'at most')} (prompt ${promptSizes[0]} tokens)`);
    console.log('  (goals judged on CPU time: on a shared machine it ignores time spent waiting for a core)');
    const buildOverPrefill = bench.name === 'small' ? await buildVersusPrefill(loaded, rounds) : null;
    return { model: bench.name, decode, actAddTtft, buildOverPrefill };
  } finally {
    await engine.dispose();
  }
}

/** Building an ActAdd vector from one pair ÷ prefilling that pair's two sides on the generation context. */
async function buildVersusPrefill(loaded: NonNullable<ReturnType<LocalEngine['loadedModel']>>, rounds: number): Promise<number> {
  // Build from one pair vs prefilling that pair's two sides on the generation context.
  const pair = builtinLibrary().styles[0].pairs.find((p) => p.id === 'thou-art')!;
  const reader = readerFor(loaded);
  const padded = tokenisePair(reader, pair);
  const buildTimes: number[] = [];
  const prefillTimes: number[] = [];
  const build = async () => {
    const start = performance.now();
    await buildActAddVector(reader, pair, 3);
    buildTimes.push(performance.now() - start);
  };
  const prefill = async () => {
    const start = performance.now();
    for (const side of [padded.positive, padded.negative]) {
      await loaded.sequence.clearHistory();
      await loaded.sequence.evaluateWithoutGeneratingNewTokens(side as never);
    }
    prefillTimes.push(performance.now() - start);
    await loaded.sequence.clearHistory();
  };
  await build();
  await prefill();
  buildTimes.length = 0;
  prefillTimes.length = 0;
  for (let round = 0; round < Math.max(rounds, 5) * 2; round++) {
    if (round % 2 === 0) {
      await build();
      await prefill();
    } else {
      await prefill();
      await build();
    }
  }
  const ratio = pairedRatio(buildTimes, prefillTimes);
  console.log(
    `build vector from one pair (${padded.positive.length} tokens a side): ${median(buildTimes).toFixed(1)} ms; ` +
      `prefill of the pair: ${median(prefillTimes).toFixed(1)} ms`,
  );
  console.log(`  build / prefill        ${formatRatio(ratio)} (wall)  ${verdict(ratio, 2, 'at most')}`);
  return ratio.median;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchSteering();
}
