/**
 * Steering cost, measured side by side in one process on one context (generated mid-size model):
 * - decode tokens/s of steered summaries ÷ unsteered ones, for all-positions steering (goal ≥ 0.98)
 *   and ActAdd front (goal ≥ 0.97). Rounds alternate (A B C, C B A, …) so drift hits all alike;
 *   the rate counts tokens after the first over the time after the first (prompt work excluded).
 * - time to build a vector from one pair (ActAdd: both sides read in a temporary context) ÷ the
 *   prefill time of that pair (both sides evaluated on the generation context) (goal ≤ 2).
 *
 * Run: npx tsx bench/steering.ts   (env: STEERLING_THREADS, STEERLING_GPU=off, BENCH_ROUNDS, BENCH_TOKENS)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalEngine, resolveThreadCount } from '../src-main/core/engine';
import type { SamplingSettings, SummaryRequest } from '../src-main/core/engine/types';
import { buildActAddVector, tokenisePair } from '../src-main/core/steering/builders';
import { builtinLibrary } from '../src-main/core/steering/pair-library';
import type { SteeringSettings } from '../src-main/core/steering/settings';
import { createSteeringProvider } from '../src-main/core/steering/steering-provider';
import { readerFor } from '../src-main/core/steering/vector-building';
import { createTinyModel, MID_MODEL_OPTIONS } from '../tests/fixtures/gguf/tiny-model';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface SteeringBenchResult {
  allPositionsRatio: number;
  actAddFrontRatio: number;
  buildOverPrefill: number;
}

export async function benchSteering(options: { rounds?: number; maxTokens?: number } = {}): Promise<SteeringBenchResult> {
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 5);
  const maxTokens = options.maxTokens ?? Number(process.env.BENCH_TOKENS ?? 128);
  const threads = resolveThreadCount();
  const engine = new LocalEngine({ threads, steering: createSteeringProvider() });
  try {
    const info = await engine.loadModel(await createTinyModel(MID_MODEL_OPTIONS), { contextSize: 4096 });
    const loaded = engine.loadedModel()!;
    const article = {
      title: 'River festival',
      text: readFileSync(join(import.meta.dirname, '../assets/samples/river-festival.txt'), 'utf8'),
    };
    const sampling: SamplingSettings = { temperature: 0.8, topP: 0.95, seed: 7, maxTokens, repeatPenalty: 1.1 };
    const last = info.nLayer;
    const variants: { name: string; steering?: SteeringSettings }[] = [
      { name: 'unsteered' },
      { name: 'all positions', steering: { method: 'all', pairId: 'shakespearean/thou-art', layerStart: 3, layerEnd: last, coefficient: 2 } },
      { name: 'ActAdd front', steering: { method: 'actadd', pairId: 'shakespearean/thou-art', layerStart: 3, layerEnd: 3, coefficient: 4 } },
    ];

    /** Decode rate after the first token, by wall clock and by this process's CPU time. */
    async function decodeRate(steering: SteeringSettings | undefined): Promise<{ wall: number; cpu: number }> {
      const request: SummaryRequest = { article, mode: steering ? 'steered' : 'plain', steering, sampling };
      let firstAt = 0;
      let firstCpu: NodeJS.CpuUsage | undefined;
      for await (const event of engine.summarize(request)) {
        if (event.type === 'text' && !firstAt) {
          firstAt = performance.now();
          firstCpu = process.cpuUsage();
        }
        if (event.type === 'done') {
          const tokens = event.stats.outputTokens - 1;
          const cpu = process.cpuUsage(firstCpu);
          const cpuSeconds = (cpu.user + cpu.system) / 1e6;
          if (tokens < 1) return { wall: 0, cpu: 0 };
          return { wall: tokens / ((performance.now() - firstAt) / 1000), cpu: tokens / cpuSeconds };
        }
      }
      throw new Error('No done event');
    }

    console.log(`model: ${info.id} (${info.nLayer} layers, n_embd ${info.nEmbd}), gpu: ${info.gpu || 'none'}, threads: ${threads}`);
    console.log(`output: ${maxTokens} tokens, rounds: ${rounds} (+1 warm-up each, which also builds the vectors)`);
    const rates = variants.map(() => [] as { wall: number; cpu: number }[]);
    for (const variant of variants) await decodeRate(variant.steering);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [0, 1, 2] : [2, 1, 0];
      for (const index of order) rates[index].push(await decodeRate(variants[index].steering));
    }
    const wall = rates.map((runs) => median(runs.map((r) => r.wall)));
    const cpu = rates.map((runs) => median(runs.map((r) => r.cpu)));
    console.log(`${''.padEnd(16)} ${'tok/s wall'.padStart(12)} ${'tok/CPU-s'.padStart(12)}   (medians)`);
    variants.forEach((variant, i) => console.log(`${variant.name.padEnd(16)} ${wall[i].toFixed(1).padStart(12)} ${cpu[i].toFixed(1).padStart(12)}`));
    const allPositionsRatio = wall[1] / wall[0];
    const actAddFrontRatio = wall[2] / wall[0];
    const verdict = (ratio: number, goal: number) => (ratio >= goal ? 'OK' : 'BELOW GOAL');
    console.log(
      `ratio all positions / unsteered: ${allPositionsRatio.toFixed(3)} wall, ${(cpu[1] / cpu[0]).toFixed(3)} CPU time ` +
        `(goal ≥ 0.98) ${verdict(allPositionsRatio, 0.98)}`,
    );
    console.log(
      `ratio ActAdd front / unsteered:  ${actAddFrontRatio.toFixed(3)} wall, ${(cpu[2] / cpu[0]).toFixed(3)} CPU time ` +
        `(goal ≥ 0.97) ${verdict(actAddFrontRatio, 0.97)}`,
    );
    console.log('(on a shared, loaded machine trust the CPU-time ratio more: it ignores time spent waiting for a core)');

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
    const buildOverPrefill = median(buildTimes) / median(prefillTimes);
    console.log(
      `build vector from one pair (${padded.positive.length} tokens a side): ${median(buildTimes).toFixed(1)} ms; ` +
        `prefill of the pair: ${median(prefillTimes).toFixed(1)} ms`,
    );
    console.log(`ratio build / prefill: ${buildOverPrefill.toFixed(2)} (goal ≤ 2) ${buildOverPrefill <= 2 ? 'OK' : 'ABOVE GOAL'}`);
    return { allPositionsRatio, actAddFrontRatio, buildOverPrefill };
  } finally {
    await engine.dispose();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchSteering();
}
