/**
 * Sweep throughput on the generated mid-size model: cells per minute, and the share of the sweep's
 * time spent outside generation (scoring, checkpoint writes, bookkeeping). Goal: < 5% outside
 * generation with the text scores a sweep ranks by (archaic rate, ROUGE, facts). Model scores
 * (contrast, perplexity) run the model three more times per cell, so they are measured separately
 * and reported as their own share; the judge is left out (it is a generation of its own).
 *
 * Run: npx tsx bench/eval.ts   (env: STEERLING_THREADS, STEERLING_GPU=off, BENCH_TOKENS)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalEngine, resolveThreadCount } from '../src-main/core/engine';
import { evalModelOf } from '../src-main/core/eval/eval-model';
import { runSweep } from '../src-main/core/eval/sweep/sweep';
import type { SweepResult, SweepSpec } from '../src-main/core/eval/sweep/types';
import { createSteeringProvider } from '../src-main/core/steering/steering-provider';
import { createTinyModel, MID_MODEL_OPTIONS } from '../tests/fixtures/gguf/tiny-model';

export interface EvalBenchResult {
  label: string;
  cells: number;
  cellsPerMinute: number;
  /** Share of the cell phase's time not spent inside the engine's summarize. */
  outsideGenerationShare: number;
  /** Of that, the share spent on scores. */
  scoringShare: number;
}

interface Phase {
  result: SweepResult;
  cellPhaseMs: number;
  cellGenerationMs: number;
  cellScoringMs: number;
}

async function timedSweep(spec: SweepSpec, options: Parameters<typeof runSweep>[1]): Promise<Phase> {
  let cellPhaseStart = 0;
  let result: SweepResult | undefined;
  for await (const event of runSweep(spec, options)) {
    if (event.type === 'baseline' && event.which === 'prompted') cellPhaseStart = performance.now();
    if (event.type === 'done') result = event.result;
  }
  const end = performance.now();
  if (!result) throw new Error('The sweep ended without a result');
  const cellGenerationMs = result.cells.reduce((sum, cell) => sum + cell.generationMs, 0);
  const cellScoringMs = result.cells.reduce((sum, cell) => sum + cell.scoringMs, 0);
  return { result, cellPhaseMs: end - cellPhaseStart, cellGenerationMs, cellScoringMs };
}

export async function benchEval(options: { maxTokens?: number } = {}): Promise<EvalBenchResult[]> {
  const maxTokens = options.maxTokens ?? Number(process.env.BENCH_TOKENS ?? 64);
  const threads = resolveThreadCount();
  const engine = new LocalEngine({ threads, steering: createSteeringProvider() });
  const folder = mkdtempSync(join(tmpdir(), 'steerling-bench-eval-'));
  try {
    const info = await engine.loadModel(await createTinyModel(MID_MODEL_OPTIONS), { contextSize: 2048 });
    const article = { title: 'River festival', text: readFileSync(join(import.meta.dirname, '../assets/samples/river-festival.txt'), 'utf8') };
    const spec: SweepSpec = {
      article,
      // No EOS in this model and a high temperature: every summary is exactly maxTokens long.
      sampling: { temperature: 0.8, topP: 0.95, seed: 7, maxTokens, repeatPenalty: 1.1 },
      style: 'shakespearean',
      pairId: 'shakespearean/thou-you',
      methods: ['actadd', 'caa'],
      layers: [3, 5, 7],
      coefficients: [2, 6],
    };
    console.log(`model: ${info.id} (${info.nLayer} layers, n_embd ${info.nEmbd}), gpu: ${info.gpu || 'none'}, threads: ${threads}`);
    console.log(`grid: ${spec.methods.length} methods × ${spec.layers.length} layers × ${spec.coefficients.length} coefficients, ${maxTokens} tokens per summary`);

    // Warm-up: loads the steering addon and builds the vectors (cached per model), as any first sweep would.
    await timedSweep({ ...spec, layers: spec.layers.slice(0, 1), coefficients: spec.coefficients.slice(0, 1) }, { engine });

    const runs: [string, Parameters<typeof runSweep>[1]][] = [
      ['text scores, checkpointed', { engine, resultPath: join(folder, 'text.json') }],
      ['text + model scores, checkpointed', { engine, model: evalModelOf(engine), resultPath: join(folder, 'model.json') }],
    ];
    const results: EvalBenchResult[] = [];
    for (const [label, sweepOptions] of runs) {
      const phase = await timedSweep(spec, sweepOptions);
      const cells = phase.result.cells.length;
      const outside = phase.cellPhaseMs - phase.cellGenerationMs;
      results.push({
        label,
        cells,
        cellsPerMinute: cells / (phase.cellPhaseMs / 60_000),
        outsideGenerationShare: outside / phase.cellPhaseMs,
        scoringShare: phase.cellScoringMs / phase.cellPhaseMs,
      });
    }
    console.log(`${''.padEnd(36)}${'cells/min'.padStart(10)}${'outside generation'.padStart(20)}${'of which scoring'.padStart(18)}`);
    for (const r of results) {
      const percent = (share: number) => `${(100 * share).toFixed(2)}%`;
      console.log(`${r.label.padEnd(36)}${r.cellsPerMinute.toFixed(1).padStart(10)}${percent(r.outsideGenerationShare).padStart(20)}${percent(r.scoringShare).padStart(18)}`);
    }
    const textRun = results[0];
    console.log(
      `outside generation with text scores: ${(100 * textRun.outsideGenerationShare).toFixed(2)}% (goal < 5%) ${textRun.outsideGenerationShare < 0.05 ? 'OK' : 'ABOVE GOAL'}`,
    );
    return results;
  } finally {
    await engine.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchEval();
}
