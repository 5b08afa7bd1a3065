/**
 * Sweep through the real LocalEngine with steering: cancel, resume from the checkpoint file
 * without re-running finished cells, results as JSON and CSV; and on the constructed fixture
 * model, the sweep finds the layers where the archaic direction was planted.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../../src-main/core/engine';
import { EvalError } from '../../../src-main/core/eval/errors';
import { evalModelOf } from '../../../src-main/core/eval/eval-model';
import { runSweep, type SweepOptions } from '../../../src-main/core/eval/sweep/sweep';
import { sweepPaths } from '../../../src-main/core/eval/sweep/files';
import type { SweepEvent, SweepResult, SweepSpec } from '../../../src-main/core/eval/sweep/types';
import { createSteeringProvider } from '../../../src-main/core/steering/steering-provider';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { CARRY_BLOCK, createSemanticSteeringModel, SEMANTIC_N_LAYER } from '../../fixtures/steering/semantic-model';
import { ARTICLE, CountingEngine, THREADS } from './helpers';

const DIR = join(import.meta.dirname, '../../.tmp/eval-sweep');

const SPEC: SweepSpec = {
  article: ARTICLE,
  sampling: { temperature: 0.8, topP: 0.9, seed: 11, maxTokens: 20, repeatPenalty: 1.1 },
  style: 'shakespearean',
  pairId: 'shakespearean/thou-you',
  methods: ['actadd', 'caa'],
  layers: [2, 3],
  coefficients: [2, 4],
};

async function drain(events: AsyncIterable<SweepEvent>): Promise<{ events: SweepEvent[]; result: SweepResult }> {
  const all: SweepEvent[] = [];
  for await (const event of events) all.push(event);
  const last = all.at(-1);
  if (last?.type !== 'done') throw new Error('the sweep did not end with a done event');
  return { events: all, result: last.result };
}

async function withEngine(modelPath: string, body: (engine: LocalEngine) => Promise<void>): Promise<void> {
  const engine = new LocalEngine({ gpu: false, threads: THREADS, steering: createSteeringProvider() });
  try {
    await engine.loadModel(modelPath, { contextSize: 1024 });
    await body(engine);
  } finally {
    await engine.dispose();
  }
}

let local: LocalEngine;
beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  local = new LocalEngine({ gpu: false, threads: THREADS, steering: createSteeringProvider() });
  await local.loadModel(await createTinyModel({ nLayer: 4, seed: 21 }), { contextSize: 1024 });
});
afterAll(async () => {
  await local?.dispose();
});

describe('sweep', () => {
  it('cancelled after two cells, resumes from its checkpoint running only the other six, and matches an uninterrupted sweep', async () => {
    const resultPath = join(DIR, 'resume.json');
    const options = (engine: CountingEngine, signal?: AbortSignal): SweepOptions => ({ engine, model: evalModelOf(local), resultPath, signal });

    const first = new CountingEngine(local);
    const controller = new AbortController();
    first.abortOnCall = { call: 5, controller }; // plain, prompted, two cells, then cancel the third
    const cancelled = await drain(runSweep(SPEC, options(first, controller.signal)));
    expect(first.callNames()).toEqual(['plain', 'prompted', 'actadd@2-2x2', 'actadd@2-2x4', 'actadd@3-3x2']);
    expect(cancelled.events.map((e) => (e.type === 'cell' ? `${e.cell.key} ${e.done}/${e.total}` : e.type))).toEqual([
      'baseline',
      'baseline',
      'actadd@2-2x2 1/8',
      'actadd@2-2x4 2/8',
      'done',
    ]);
    expect(cancelled.result.complete).toBe(false);
    expect(cancelled.result.cells).toHaveLength(2);
    const saved = JSON.parse(readFileSync(sweepPaths(resultPath).checkpoint, 'utf8'));
    expect(saved.cells.map((c: { key: string }) => c.key)).toEqual(['actadd@2-2x2', 'actadd@2-2x4']);

    const second = new CountingEngine(local);
    const resumed = await drain(runSweep(SPEC, options(second)));
    expect(second.callNames()).toEqual(['actadd@3-3x2', 'actadd@3-3x4', 'caa@2-2x2', 'caa@2-2x4', 'caa@3-3x2', 'caa@3-3x4']);
    const skipped = resumed.events.filter((e) => (e.type === 'cell' || e.type === 'baseline') && e.skipped);
    expect(skipped).toHaveLength(4); // two baselines, two cells
    expect(resumed.result.complete).toBe(true);
    expect(resumed.result.cells.map((c) => c.key)).toEqual([
      'actadd@2-2x2', 'actadd@2-2x4', 'actadd@3-3x2', 'actadd@3-3x4', 'caa@2-2x2', 'caa@2-2x4', 'caa@3-3x2', 'caa@3-3x4',
    ]);

    // Saved result files.
    const paths = sweepPaths(resultPath);
    const json = JSON.parse(readFileSync(paths.result, 'utf8')) as SweepResult;
    expect(json.cells.map((c) => c.output)).toEqual(resumed.result.cells.map((c) => c.output));
    expect(json.best).toEqual(JSON.parse(JSON.stringify(resumed.result.best)));
    const csv = readFileSync(paths.csv, 'utf8').trimEnd().split('\r\n');
    expect(csv).toHaveLength(1 + 2 + 8);
    expect(csv[3].startsWith('cell,actadd,2,2,2,')).toBe(true);

    // Same seed everywhere: an uninterrupted sweep writes the same texts.
    const fresh = await drain(runSweep(SPEC, { engine: local, model: evalModelOf(local) }));
    expect(fresh.result.cells.map((c) => c.output)).toEqual(resumed.result.cells.map((c) => c.output));
    expect(fresh.result.baselines.prompted?.output).toBe(resumed.result.baselines.prompted?.output);

    // Nothing left to do: no engine call at all.
    const third = new CountingEngine(local);
    await drain(runSweep(SPEC, options(third)));
    expect(third.calls).toEqual([]);
  });

  it('every cell carries its scores; the style score is the archaic rate and the content score ROUGE-L against plain', async () => {
    const { result } = await drain(runSweep({ ...SPEC, methods: ['all'], layers: [2], coefficients: [3] }, { engine: local, model: evalModelOf(local) }));
    const [cell] = result.cells;
    expect(result.styleScore).toBe('archaic');
    expect(cell.styleScore).toBe(cell.scores!.archaic.rate);
    expect(cell.contentScore).toBe(cell.scores!.content.vsPlain!.rougeL.f1);
    expect(Number.isFinite(cell.scores!.contrast!.score)).toBe(true);
    expect(result.baselines.prompted!.contentScore).toBe(result.baselines.prompted!.scores!.content.vsPlain!.rougeL.f1);
    expect(result.timing.totalMs).toBeGreaterThanOrEqual(result.timing.generationMs + result.timing.scoringMs);
  });

  it('with several samples per cell, writes each with its own seed and ranks cells by the mean', async () => {
    const spec: SweepSpec = { ...SPEC, methods: ['caa'], layers: [2], coefficients: [2, 4], samples: 3, sampling: { ...SPEC.sampling, maxTokens: 12 } };
    const { result } = await drain(runSweep(spec, { engine: local, model: evalModelOf(local) }));
    expect(result.cells).toHaveLength(2);
    for (const cell of result.cells) {
      expect(cell.samples!.outputs).toHaveLength(3);
      expect(new Set(cell.samples!.outputs).size).toBeGreaterThan(1); // three seeds, not one summary three times
      expect(cell.output).toBe(cell.samples!.outputs[0]);
      const styles = cell.samples!.styleScores as number[];
      const mean = styles.reduce((a, b) => a + b, 0) / styles.length;
      expect(cell.styleScore).toBeCloseTo(mean, 12);
      const contents = cell.samples!.contentScores as number[];
      expect(cell.contentScore).toBeCloseTo(contents.reduce((a, b) => a + b, 0) / contents.length, 12);
      expect(cell.samples!.styleSpread).toBeCloseTo(Math.sqrt(styles.reduce((a, b) => a + (b - mean) ** 2, 0) / styles.length), 12);
    }
    // The best cell (if any) is chosen on those means: the rule sees nothing else.
    if (result.best.cell) expect(result.cells.map((cell) => cell.styleScore)).toContain(result.best.cell.styleScore);
    await expect(drain(runSweep({ ...spec, samples: 0 }, { engine: local }))).rejects.toThrow(/samples per cell must be a whole number from 1 to 20/);
  });

  it('refuses a checkpoint from other settings unless told to restart, and a damaged one', async () => {
    const resultPath = join(DIR, 'mismatch.json');
    const small = { ...SPEC, methods: ['all' as const], layers: [2], coefficients: [3] };
    await drain(runSweep(small, { engine: local, resultPath }));
    const otherSeed = { ...small, sampling: { ...small.sampling, seed: 99 } };
    const error = await drain(runSweep(otherSeed, { engine: local, resultPath })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalError);
    expect((error as EvalError).code).toBe('resume-mismatch');
    const engine = new CountingEngine(local);
    const restarted = await drain(runSweep(otherSeed, { engine, resultPath, restart: true }));
    expect(engine.calls).toHaveLength(3);
    expect(restarted.result.complete).toBe(true);

    writeFileSync(sweepPaths(resultPath).checkpoint, '{"version":1,');
    await expect(drain(runSweep(otherSeed, { engine: local, resultPath }))).rejects.toMatchObject({ code: 'unreadable-checkpoint' });
  });

  it('a cell the engine refuses is kept with its error and retried on resume; ranking by contrast needs the model', async () => {
    const resultPath = join(DIR, 'refused.json');
    const spec = { ...SPEC, methods: ['caa' as const], layers: [2, 40], coefficients: [3] };
    const { result } = await drain(runSweep(spec, { engine: local, resultPath }));
    expect(result.complete).toBe(false);
    expect(result.cells[1].error).toMatch(/cannot be steered/);
    const engine = new CountingEngine(local);
    await drain(runSweep(spec, { engine, resultPath }));
    expect(engine.callNames()).toEqual(['caa@40-40x3']);

    await expect(drain(runSweep({ ...spec, styleScore: 'contrast' }, { engine: local }))).rejects.toMatchObject({ code: 'no-model' });
  });

  it('a result folder that does not exist fails before any summary is written', async () => {
    const engine = new CountingEngine(local);
    const error = await drain(runSweep(SPEC, { engine, resultPath: join(DIR, 'missing-folder', 'sweep.json') })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalError);
    expect((error as EvalError).code).toBe('write-failed');
    expect((error as EvalError).message).toMatch(/missing-folder does not exist/);
    expect(engine.calls).toEqual([]);
  });
});

describe('sweep on the constructed fixture model', () => {
  it('finds the planted layers: ActAdd front works only up to the carry block, and the best cell lies there', async () => {
    await withEngine(createSemanticSteeringModel(), async (engine) => {
      const layers = Array.from({ length: SEMANTIC_N_LAYER - 1 }, (_, i) => i + 2); // 2..6
      const { result } = await drain(
        runSweep({ ...SPEC, sampling: { ...SPEC.sampling, maxTokens: 24 }, methods: ['actadd'], layers, coefficients: [0.5, 4] }, { engine, model: evalModelOf(engine) }),
      );
      expect(result.complete).toBe(true);
      const plainRate = result.baselines.plain!.styleScore!;
      expect(plainRate).toBe(0);
      for (const cell of result.cells) {
        if (cell.layerStart <= CARRY_BLOCK) expect(cell.styleScore, cell.key).toBeGreaterThan(50);
        else {
          expect(cell.styleScore, cell.key).toBe(0);
          expect(cell.output, cell.key).toBe(result.baselines.plain!.output); // steering after the carry block changes nothing
        }
      }
      expect(result.best.cell).not.toBeNull();
      expect(result.best.cell!.layerStart).toBeLessThanOrEqual(CARRY_BLOCK);
      expect(result.best.cell!.coefficient).toBe(0.5); // the gentler of equally stylish cells
      // The contrast score agrees: positive where steering worked, negative where it did nothing.
      const contrast = (layer: number) => result.cells.find((c) => c.layerStart === layer && c.coefficient === 4)!.scores!.contrast!.score;
      expect(contrast(2)).toBeGreaterThan(0);
      expect(contrast(SEMANTIC_N_LAYER)).toBeLessThan(0);
    });
  });
});
