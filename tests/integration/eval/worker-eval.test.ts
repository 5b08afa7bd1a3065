/**
 * Evaluation through the engine worker (EngineClient over a forked process): the same scores as
 * in-process, compare and sweep streamed back, cancelled from this side and resumed, and errors
 * arriving as the same classes with the same codes.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../../src-main/core/engine';
import { EngineClient } from '../../../src-main/core/worker/engine-client';
import { forkEngineTransport } from '../../../src-main/core/worker/fork-transport';
import type { CompareConfig, ComparisonResult } from '../../../src-main/core/eval/compare/compare';
import { EvalError } from '../../../src-main/core/eval/errors';
import { localEvaluationRunner } from '../../../src-main/core/eval/local-runner';
import type { CompareEvent, CompareJob, EvaluationRunner, SweepJob } from '../../../src-main/core/eval/runner';
import { sweepPaths } from '../../../src-main/core/eval/sweep/files';
import type { SweepEvent, SweepResult } from '../../../src-main/core/eval/sweep/types';
import { createSteeringProvider } from '../../../src-main/core/steering/steering-provider';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { ARTICLE, THREADS } from './helpers';

const DIR = join(import.meta.dirname, '../../.tmp/eval-worker');
const SAMPLING = { temperature: 0.8, topP: 0.9, seed: 5, maxTokens: 16, repeatPenalty: 1.1 };
const CONFIGS: CompareConfig[] = [
  { id: 'plain', mode: 'plain' },
  { id: 'prompted', mode: 'prompted', style: 'shakespearean' },
  { id: 'steered', mode: 'steered', style: 'shakespearean', steering: { method: 'actadd', pairId: 'shakespearean/thou-you', layerStart: 2, layerEnd: 2, coefficient: 4 } },
  { id: 'steered-caa', mode: 'steered', style: 'shakespearean', steering: { method: 'caa', pairId: 'shakespearean', layerStart: 3, layerEnd: 3, coefficient: 2 } },
];
const COMPARE: CompareJob = { article: ARTICLE, configs: CONFIGS, sampling: SAMPLING };
const SWEEP_SPEC: SweepJob['spec'] = {
  article: ARTICLE,
  sampling: SAMPLING,
  style: 'shakespearean',
  pairId: 'shakespearean/thou-you',
  methods: ['actadd', 'caa'],
  layers: [2, 3],
  coefficients: [1, 2, 4],
};

let modelPath: string;
let client: EngineClient;
let local: LocalEngine;
let inProcess: EvaluationRunner;
let scoredBeforeLoad: Awaited<ReturnType<EvaluationRunner['score']>>;

async function drain<T extends { type: string }>(events: AsyncIterable<T>, onEvent?: (event: T) => void): Promise<T[]> {
  const all: T[] = [];
  for await (const event of events) {
    all.push(event);
    onEvent?.(event);
  }
  return all;
}

function compareResult(events: CompareEvent[]): ComparisonResult {
  const done = events.filter((e) => e.type === 'done');
  expect(done).toHaveLength(1);
  expect(events.at(-1)).toBe(done[0]);
  return (done[0] as Extract<CompareEvent, { type: 'done' }>).result;
}

function sweepResult(events: SweepEvent[]): SweepResult {
  const last = events.at(-1);
  if (last?.type !== 'done') throw new Error('the sweep did not end with its result');
  return last.result;
}

beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  modelPath = await createTinyModel({ nLayer: 4, seed: 21 });
  client = new EngineClient(() => forkEngineTransport({ threads: THREADS, gpu: false }));
  scoredBeforeLoad = await client.score({ output: 'Thou hast heard the news.', article: ARTICLE, style: 'shakespearean' });
  await client.loadModel(modelPath, { contextSize: 1024 });
  local = new LocalEngine({ gpu: false, threads: THREADS, steering: createSteeringProvider() });
  await local.loadModel(modelPath, { contextSize: 1024 });
  inProcess = localEvaluationRunner(local);
});
afterAll(async () => {
  await client?.dispose();
  await local?.dispose();
});

describe('evaluation in the engine worker', () => {
  it('scores a text with the model in the worker exactly as in-process; without a model, text scores and a stated problem', async () => {
    const job = { output: 'Hark, the council hath approved a bridge, and work starts in March.', article: ARTICLE, style: 'shakespearean', plainSummary: 'The council approved a bridge.' };
    const remote = await client.score(job);
    const here = await inProcess.score(job);
    expect(remote.contrast).not.toBeNull();
    expect(remote.perplexity!.perplexity).toBeGreaterThan(1);
    expect(remote.contrast).toEqual(here.contrast);
    expect(remote.perplexity).toEqual(here.perplexity);
    expect(remote.archaic).toEqual(here.archaic);
    expect(remote.content).toEqual(here.content);
    expect(remote.archaic.rate).toBeGreaterThan(0);

    expect(scoredBeforeLoad.archaic.rate).toBeGreaterThan(0);
    expect(scoredBeforeLoad.contrast).toBeNull();
    expect(scoredBeforeLoad.perplexity).toBeNull();
    expect(scoredBeforeLoad.problems.join(' ')).toMatch(/no model is loaded/);
  });

  it('streams a comparison; cancelled from the host it keeps its finished rows, and resuming runs only the rest', async () => {
    const reference = compareResult(await drain(inProcess.compare(COMPARE)));
    expect(reference.complete).toBe(true);

    const controller = new AbortController();
    const cancelledEvents = await drain(client.compare(COMPARE, controller.signal), (event) => {
      if (event.type === 'progress' && event.progress.type === 'finished') controller.abort();
    });
    const partial = compareResult(cancelledEvents);
    expect(partial.complete).toBe(false);
    expect(partial.rows.length).toBeGreaterThanOrEqual(1);
    expect(partial.rows.length).toBeLessThan(CONFIGS.length);
    const firstFinished = cancelledEvents.find((e) => e.type === 'progress' && e.progress.type === 'finished');
    expect(firstFinished?.type === 'progress' && firstFinished.progress.type === 'finished' && firstFinished.progress.row.output).toBe(partial.rows[0].output);

    const resumedEvents = await drain(client.compare({ ...COMPARE, resume: partial }));
    const resumed = compareResult(resumedEvents);
    const skipped = resumedEvents.flatMap((e) => (e.type === 'progress' && e.progress.type === 'skipped' ? [e.progress.configId] : []));
    const ran = resumedEvents.flatMap((e) => (e.type === 'progress' && e.progress.type === 'start' ? [e.progress.configId] : []));
    expect(skipped).toEqual(partial.rows.map((row) => row.config.id));
    expect([...skipped, ...ran].sort()).toEqual(CONFIGS.map((c) => c.id).sort());
    expect(resumed.complete).toBe(true);
    expect(resumed.rows.map((row) => row.output)).toEqual(reference.rows.map((row) => row.output));
    expect(resumed.rows.map((row) => row.scores!.contrast)).toEqual(reference.rows.map((row) => row.scores!.contrast));
    expect(resumed.target).toEqual(reference.target);
    expect(resumed.target.contrast).toBeDefined(); // the steered row's pair picked the target
  });

  it('streams a sweep; cancelled after its first cell, it resumes from the checkpoint and matches an uninterrupted run', async () => {
    const resultPath = join(DIR, 'sweep.json');
    const reference = sweepResult(await drain(inProcess.sweep({ spec: SWEEP_SPEC })));
    const total = reference.total;
    expect(total).toBe(12);

    const controller = new AbortController();
    const cancelled = sweepResult(await drain(client.sweep({ spec: SWEEP_SPEC, resultPath }, controller.signal), (e) => e.type === 'cell' && controller.abort()));
    expect(cancelled.complete).toBe(false);
    expect(cancelled.cells.length).toBeGreaterThanOrEqual(1);
    expect(cancelled.cells.length).toBeLessThan(total);
    const saved = JSON.parse(readFileSync(sweepPaths(resultPath).checkpoint, 'utf8')) as { cells: { key: string }[] };
    expect(saved.cells.map((c) => c.key)).toEqual(cancelled.cells.map((c) => c.key));

    const resumedEvents = await drain(client.sweep({ spec: SWEEP_SPEC, resultPath }));
    const resumed = sweepResult(resumedEvents);
    const skippedCells = resumedEvents.filter((e) => e.type === 'cell' && e.skipped);
    expect(skippedCells).toHaveLength(cancelled.cells.length);
    expect(resumedEvents.filter((e) => e.type === 'baseline').every((e) => e.type === 'baseline' && e.skipped)).toBe(true);
    expect(resumed.complete).toBe(true);
    expect(resumed.cells.map((c) => c.output)).toEqual(reference.cells.map((c) => c.output));
    expect(resumed.best.cell?.key ?? null).toBe(reference.best.cell?.key ?? null);
    expect(JSON.parse(readFileSync(sweepPaths(resultPath).result, 'utf8')).complete).toBe(true);
  });

  it('errors come back as EvalError or EngineError with their codes; a second evaluation while one runs is refused', async () => {
    const duplicate = await drain(client.compare({ ...COMPARE, configs: [CONFIGS[0], CONFIGS[0]] })).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(EvalError);
    expect(duplicate).toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/Two configurations are called "plain"/) });

    const mismatch = await drain(client.sweep({ spec: { ...SWEEP_SPEC, sampling: { ...SAMPLING, seed: 6 } }, resultPath: join(DIR, 'sweep.json') })).catch((e: unknown) => e);
    expect(mismatch).toBeInstanceOf(EvalError);
    expect((mismatch as EvalError).code).toBe('resume-mismatch');

    const controller = new AbortController();
    const first = drain(client.sweep({ spec: SWEEP_SPEC }, controller.signal));
    const second = await client.score({ output: 'Thou art late.', article: ARTICLE }).catch((e: unknown) => e);
    controller.abort();
    await first;
    expect(second).toBeInstanceOf(EvalError);
    expect((second as EvalError).code).toBe('busy');
  });
});
