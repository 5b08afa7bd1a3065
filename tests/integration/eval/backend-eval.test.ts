/**
 * The evaluation channels the way the app runs them: the backend over an EngineClient whose
 * worker holds the model and sees the data folder's pair libraries. Scores that need the model
 * come back from the worker; a comparison scored against a user library style is saved; a sweep
 * cancelled through the backend resumes by id and finishes.
 */
import { mkdtempSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../../src-main/core/worker/engine-client';
import { forkEngineTransport } from '../../../src-main/core/worker/fork-transport';
import { createAppBackend } from '../../../src-main/backend/app-backend';
import { trustedPaths } from '../../../src-main/backend/path-access';
import type { AppBackend } from '../../../src-main/backend/backend';
import type { AppEvent, EventPayloads, RequestArgs } from '../../../src-main/ipc/contract';
import { steeringEngineEnv } from '../../../src-main/backend/steering-folders';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { THREADS } from './helpers';

let dataDir: string;
let backend: AppBackend;
const events: AppEvent[] = [];

const article = { title: 'Bridge', text: 'The council approved a new bridge on Tuesday.\n\nWork starts in March, officials said.', source: 'bridge.txt', wordCount: 14, format: 'txt' as const };
const sampling = { temperature: 0.8, topP: 0.9, seed: 3, maxTokens: 16, repeatPenalty: 1.1 };

async function until<E extends AppEvent['event']>(event: E, matches: (payload: EventPayloads[E]) => boolean): Promise<EventPayloads[E]> {
  for (;;) {
    const found = events.find((e) => e.event === event && matches(e.payload as EventPayloads[E]));
    if (found) return found.payload as EventPayloads[E];
    const failed = events.find((e) => (e.event === 'compare.error' || e.event === 'sweep.error' || e.event === 'summary.error'));
    if (failed) throw new Error(JSON.stringify(failed.payload));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'steerling-backend-eval-'));
  const engine = new EngineClient(() => forkEngineTransport({ threads: THREADS, gpu: false, env: steeringEngineEnv(dataDir, {}) }));
  backend = createAppBackend({ dataDir, engine, dialogs: { saveFile: async () => null, openFile: async () => null, confirmHubChange: async () => false }, paths: trustedPaths, shell: 'bridge', version: '0' });
  backend.onEvent((event, payload) => events.push({ event, payload } as AppEvent));
  await backend.handle('models.load', { path: await createTinyModel({ nLayer: 4, seed: 21 }), contextSize: 1024 });
});

afterAll(async () => {
  await backend?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

describe('evaluation through the backend and the engine process', () => {
  it('scores a saved summary with the model in the worker', async () => {
    const { jobId } = await backend.handle('summary.start', { article, sampling, mode: 'prompted', style: 'shakespearean' });
    const { record } = await until('summary.done', (p) => p.jobId === jobId);
    const scored = await backend.handle('eval.score', { recordId: record.id });
    expect(scored.style).toBe('shakespearean');
    expect(scored.scores.perplexity!.perplexity).toBeGreaterThan(1);
    expect(scored.scores.perplexity!.tokens).toBeGreaterThan(0);
    expect(Number.isFinite(scored.scores.contrast!.score)).toBe(true);
    expect(scored.scores.problems).toEqual([]);
  });

  it('compares against a user library style that only the worker reads from the data folder, and saves the comparison', async () => {
    await backend.handle('libraries.save', {
      library: { name: 'Mine', styles: [{ id: 'olde', name: 'Olde', pairs: [{ id: 'thou', positive: 'Thou art here.', negative: 'You are here.' }] }] },
    });
    const configs: RequestArgs<'compare.start'>['configs'] = [
      { id: 'plain', mode: 'plain' },
      { id: 'steered', mode: 'steered', style: 'shakespearean', steering: { method: 'caa', pairId: 'mine:olde/thou', layerStart: 2, layerEnd: 2, coefficient: 4 } },
    ];
    const { jobId } = await backend.handle('compare.start', { article, configs, sampling });
    const done = await until('compare.done', (p) => p.jobId === jobId);
    expect(done.result.complete).toBe(true);
    expect(done.result.target).toEqual({ styleLabel: 'Olde', contrast: { positive: 'Thou art here.', negative: 'You are here.' } });
    expect(done.result.rows.every((row) => Number.isFinite(row.scores!.contrast!.score))).toBe(true);
    const saved = await backend.handle('compare.get', { id: done.comparisonId });
    expect(saved.result.rows.map((row) => row.output)).toEqual(done.result.rows.map((row) => row.output));
  });

  it('a sweep cancelled through the backend keeps its cells and finishes when resumed by id', async () => {
    const start: RequestArgs<'sweep.start'> = { article, sampling, style: 'shakespearean', pairId: 'shakespearean/thou-you', methods: ['caa'], layers: [2, 3], coefficients: [1, 2, 4] };
    const { sweepId } = await backend.handle('sweep.start', start);
    await until('sweep.cell', (p) => p.sweepId === sweepId);
    await backend.handle('sweep.cancel', { sweepId });
    const cancelled = await until('sweep.done', (p) => p.sweepId === sweepId);
    expect(cancelled.complete).toBe(false);
    const kept = cancelled.result.cells.length;
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(6);
    expect((await backend.handle('sweep.list', {})).items[0]).toMatchObject({ id: sweepId, status: 'cancelled', done: kept, total: 6 });

    const before = events.length;
    await backend.handle('sweep.start', { ...start, resumeId: sweepId });
    const done = await until('sweep.done', (p) => p.sweepId === sweepId && p.complete);
    const resumedCells = events.slice(before).flatMap((e) => (e.event === 'sweep.cell' ? [e.payload] : []));
    expect(resumedCells.filter((p) => p.skipped)).toHaveLength(kept);
    expect(done.result.cells).toHaveLength(6);
    expect(done.result.cells.every((cell) => Number.isFinite(cell.scores!.perplexity!.perplexity))).toBe(true);
    expect((await readdir(join(dataDir, 'sweeps', sweepId))).sort()).toEqual(['entry.json', 'request.json', 'sweep.cells.json', 'sweep.csv', 'sweep.json']);
    expect((await backend.handle('sweep.get', { sweepId })).entry).toMatchObject({ status: 'complete', done: 6, running: false });
  });
});
