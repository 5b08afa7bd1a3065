/**
 * The steering channels end to end, the way the app runs them: the backend over an engine in a
 * forked worker that sees the data folder's libraries. A user library is created through the
 * backend, a vector is built from it in the worker (with progress) and saved, inspected, and then
 * steers a summary on the constructed fixture model, whose archaic words appear only when steered.
 */
import { mkdtempSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../../src-main/core/worker/engine-client';
import { forkEngineTransport } from '../../../src-main/core/worker/fork-transport';
import { readControlVectorFile } from '../../../src-main/core/steering/control-vector-file';
import { createAppBackend } from '../../../src-main/backend/app-backend';
import { trustedPaths } from '../../../src-main/backend/path-access';
import type { AppBackend } from '../../../src-main/backend/backend';
import type { AppEvent, RequestArgs } from '../../../src-main/ipc/contract';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { steeringEngineEnv } from '../../../src-main/backend/steering-folders';
import { createSemanticSteeringModel, SEMANTIC_N_EMBD, TARGET_PATTERN } from '../../fixtures/steering/semantic-model';
import { THREADS } from './helpers';

let dataDir: string;
let backend: AppBackend;
let engine: EngineClient;
const events: AppEvent[] = [];

const article = { title: 'Bridge', text: 'The council approved a new bridge on Tuesday. Work starts in March.', source: 'bridge.txt', wordCount: 12, format: 'txt' as const };
const sampling = { temperature: 0.8, topP: 0.9, seed: 3, maxTokens: 24, repeatPenalty: 1.1 };

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return toIpcErrorPayload(error);
  }
  throw new Error('expected the call to fail');
}

async function summarise(args: Omit<RequestArgs<'summary.start'>, 'article' | 'sampling'>) {
  const { jobId } = await backend.handle('summary.start', { article, sampling, ...args });
  for (;;) {
    const end = events.find((e) => (e.event === 'summary.done' || e.event === 'summary.error') && e.payload.jobId === jobId);
    if (end?.event === 'summary.done') return end.payload.record;
    if (end?.event === 'summary.error') throw new Error(end.payload.message);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'steerling-backend-steering-'));
  engine = new EngineClient(() => forkEngineTransport({ threads: THREADS, gpu: false, env: steeringEngineEnv(dataDir, {}) }));
  backend = createAppBackend({ dataDir, engine, dialogs: { saveFile: async () => null, openFile: async () => null, confirmHubChange: async () => false }, paths: trustedPaths, shell: 'bridge', version: '0' });
  backend.onEvent((event, payload) => events.push({ event, payload } as AppEvent));
  await backend.handle('models.load', { path: createSemanticSteeringModel(), contextSize: 1024 });
});

afterAll(async () => {
  await backend?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

describe('steering through the backend and the engine process', () => {
  it('builds a vector from a user library pair in the worker, with progress, and steers a summary with it', async () => {
    await backend.handle('libraries.save', {
      library: { name: 'Mine', styles: [{ id: 'olde', name: 'Olde', pairs: [{ id: 'thou', positive: 'thou', negative: 'you' }] }] },
    });
    const built = await backend.handle('vectors.build', { pairId: 'mine:olde/thou', method: 'mean', layerStart: 2, layerEnd: 3, path: 'olde' });
    const file = join(dataDir, 'vectors', 'olde.gguf');
    expect(built).toMatchObject({ path: file, layers: [2, 3], nEmbd: SEMANTIC_N_EMBD, modelHint: 'llama', pairCount: 1, method: 'mean', pairReference: 'mine:olde/thou' });
    expect(built.bytes).toBe((await stat(file)).size);
    const progress = events.filter((e) => e.event === 'vectors.progress').map((e) => e.payload);
    expect(progress[0]).toEqual({ path: file, stage: 'reading', done: 0, total: 1 });
    expect(progress.at(-1)).toEqual({ path: file, stage: 'saving', done: 1, total: 1 });

    const inspected = await backend.handle('vectors.inspect', { path: file });
    expect(inspected).toMatchObject({ layers: [2, 3], directions: [1, 2], fit: { ok: true } });
    expect(inspected.steerling).toMatchObject({ pair_reference: 'mine:olde/thou', method: 'mean', positions: 'all', 'pair.positive': 'thou' });
    // The file carries exactly what was built: directions along the fixture's steering axis.
    const read = await readControlVectorFile(file);
    expect([...read.vectors.layers.keys()]).toEqual([2, 3]);

    const plain = await summarise({ mode: 'plain' });
    expect(TARGET_PATTERN.test(plain.output)).toBe(false);
    const steering = { method: 'caa' as const, vectorPath: file, layerStart: 2, layerEnd: 2, coefficient: 4 };
    const record = await summarise({ mode: 'steered', steering });
    expect(TARGET_PATTERN.test(record.output)).toBe(true);
    expect(record).toMatchObject({ mode: 'steered', style: 'olde.gguf', steering });
    expect(await backend.handle('history.get', { id: record.id })).toMatchObject({ steering });
  });

  it('steers with a user library pair the worker reads from the same folder', async () => {
    const steering = { method: 'actadd' as const, pairId: 'mine:olde/thou', layerStart: 2, layerEnd: 2, coefficient: 4 };
    const record = await summarise({ mode: 'steered', steering });
    expect(TARGET_PATTERN.test(record.output)).toBe(true);
    expect(record).toMatchObject({ style: 'olde', steering });
  });

  it('refuses to overwrite a vector unless asked, and a layer the model does not have', async () => {
    const file = join(dataDir, 'vectors', 'olde.gguf');
    const before = await readFile(file);
    const again = await failure(backend.handle('vectors.build', { pairId: 'mine:olde/thou', method: 'pca', layerStart: 2, layerEnd: 3, path: 'olde' }));
    expect(again).toMatchObject({ code: 'steering.file-exists', message: expect.stringContaining(file) });
    expect(await readFile(file)).toEqual(before);

    const deep = await failure(backend.handle('vectors.build', { style: 'shakespearean', method: 'mean', layerStart: 5, layerEnd: 7 }));
    expect(deep).toMatchObject({ code: 'steering.invalid-layer', message: expect.stringMatching(/steerable layers are 2–6/) });

    const replaced = await backend.handle('vectors.build', { pairId: 'mine:olde/thou', method: 'pca', layerStart: 3, layerEnd: 3, path: 'olde', overwrite: true });
    expect(replaced.layers).toEqual([3]);
    expect((await backend.handle('vectors.inspect', { path: file })).steerling).toMatchObject({ method: 'pca' });
  });

  it('stops a build when cancelled, saving nothing, and refuses one while a summary is written', async () => {
    const file = join(dataDir, 'vectors', 'cancelled.gguf');
    const request = { pairs: [{ positive: 'thou', negative: 'you' }], method: 'mean' as const, layerStart: 2, layerEnd: 2, positions: 'all' as const, centre: false, path: file };
    await expect(engine.buildVector(request, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      message: 'Building the vector was cancelled; nothing was saved.',
    });
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });

    const summary = engine.summarize({ article, mode: 'plain', sampling: { ...sampling, maxTokens: 64 } })[Symbol.asyncIterator]();
    const first = summary.next();
    await expect(engine.buildVector(request)).rejects.toMatchObject({ code: 'busy', message: expect.stringMatching(/summary is being written/) });
    await first;
    while (!(await summary.next()).done);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
