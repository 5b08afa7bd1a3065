/**
 * The sweep.* and presets.* channels over a scripted engine: events, the saved folder and its
 * entry, list/get/export, cancel and resume by id, interrupted sweeps, presets per pair, and every
 * refusal with its code.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeBest } from '../../../src-main/core/eval/sweep/best';
import type { RequestArgs } from '../../../src-main/ipc/contract';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { createHarness, sampleArticle, sampleSampling, type Harness } from './backend-harness';
import { evalEngine, eventMatching, eventsOf, type EvalScriptControl } from './eval-fakes';
import type { ScriptedEngine } from './scripted-engine';

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return toIpcErrorPayload(error);
  }
  throw new Error('expected the call to fail');
}

const START: RequestArgs<'sweep.start'> = {
  article: sampleArticle,
  style: 'shakespearean',
  pairId: 'shakespearean/thou-you',
  methods: ['actadd', 'caa'],
  layers: [2, 4],
  coefficients: [1, 3],
  sampling: sampleSampling,
};

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

async function loaded(hold?: EvalScriptControl['hold']): Promise<ScriptedEngine> {
  const engine = evalEngine({ hold });
  h = await createHarness({ engine });
  await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
  return engine;
}

describe('sweep channels', () => {
  it('runs the grid with events, saves its folder, and lists, shows and exports it with the best cell', async () => {
    const engine = await loaded();
    const { sweepId } = await h.backend.handle('sweep.start', START);
    const done = await eventMatching(h, 'sweep.done', (p) => p.sweepId === sweepId);
    expect(engine.requests.map((r) => r.mode)).toEqual(['plain', 'prompted', ...Array(8).fill('steered')]);
    expect(eventsOf(h, 'sweep.baseline').map((p) => `${p.which} ${p.skipped}`)).toEqual(['plain false', 'prompted false']);
    const cells = eventsOf(h, 'sweep.cell');
    expect(cells.map((p) => `${p.cell.key} ${p.done}/${p.total}`)).toEqual([
      'actadd@2-2x1 1/8', 'actadd@2-2x3 2/8', 'actadd@4-4x1 3/8', 'actadd@4-4x3 4/8',
      'caa@2-2x1 5/8', 'caa@2-2x3 6/8', 'caa@4-4x1 7/8', 'caa@4-4x3 8/8',
    ]);
    expect(done).toMatchObject({ complete: true, cancelled: false });
    // Three "thou" in eleven words is the most archaic; of the tied cells, the rule prefers actadd.
    expect(done.best.cell?.key).toBe('actadd@2-2x3');
    expect(done.reason).toBe(describeBest(done.best, 'archaic'));
    expect(done.reason).toMatch(/^actadd at layer 2, ×3: the highest archaic rate 27\.3 per 100 words/);

    const folder = path.join(h.dataDir, 'sweeps', sweepId);
    expect((await fs.readdir(folder)).sort()).toEqual(['entry.json', 'request.json', 'sweep.cells.json', 'sweep.csv', 'sweep.json']);
    const { items, unreadable } = await h.backend.handle('sweep.list', {});
    expect(unreadable).toEqual([]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: sweepId, status: 'complete', running: false, done: 8, total: 8, modelId: 'tiny', title: sampleArticle.title,
      pairId: 'shakespearean/thou-you', methods: ['actadd', 'caa'], layers: [2, 4], coefficients: [1, 3],
      best: { key: 'actadd@2-2x3', coefficient: 3 }, bestReason: done.reason,
    });
    const detail = await h.backend.handle('sweep.get', { sweepId });
    expect(detail.result?.cells.map((c) => c.output)).toEqual(done.result.cells.map((c) => c.output));
    expect(detail.result?.best).toEqual(done.best);
    expect(detail.progress?.cells).toHaveLength(8);
    expect(detail.request).toMatchObject({ article: { text: sampleArticle.text, source: sampleArticle.source }, layers: [2, 4], sampling: sampleSampling });

    for (const format of ['csv', 'json'] as const) {
      const out = path.join(h.dataDir, `export.${format}`);
      const written = await h.backend.handle('sweep.export', { sweepId, format, path: out });
      const saved = await fs.readFile(path.join(folder, `sweep.${format}`));
      expect((await fs.readFile(out)).equals(saved)).toBe(true);
      expect(written).toEqual({ path: out, bytes: saved.length });
    }
    expect((await fs.readFile(path.join(h.dataDir, 'export.csv'), 'utf8')).split('\r\n')[0]).toMatch(/^kind,method,layer_start,layer_end,coefficient,style_score,content_score/);

    expect(await h.backend.handle('sweep.delete', { sweepId })).toEqual({ sweepId });
    expect((await h.backend.handle('sweep.list', {})).items).toEqual([]);
  });

  it('cancelled, it keeps its cells and says so; resumed by id it runs only the rest, in the same folder', async () => {
    let holding = true;
    const engine = await loaded((request) => holding && request.steering?.method === 'caa');
    const { sweepId } = await h.backend.handle('sweep.start', START);
    await eventMatching(h, 'sweep.cell', (p) => p.sweepId === sweepId && p.done === 4);
    const running = (await h.backend.handle('sweep.list', {})).items[0];
    expect(running).toMatchObject({ status: 'running', running: true, done: 4, total: 8 });
    expect(await failure(h.backend.handle('sweep.delete', { sweepId }))).toMatchObject({ code: 'eval.busy' });
    expect(await failure(h.backend.handle('sweep.start', START))).toMatchObject({ code: 'eval.busy' });
    expect(await failure(h.backend.handle('sweep.export', { sweepId, format: 'csv', path: path.join(h.dataDir, 'early.csv') }))).toMatchObject({
      code: 'eval.not-found',
      message: expect.stringMatching(/no results written yet/),
    });

    expect(await h.backend.handle('sweep.cancel', { sweepId })).toEqual({ cancelled: true });
    const cancelled = await eventMatching(h, 'sweep.done', (p) => p.sweepId === sweepId);
    expect(cancelled).toMatchObject({ complete: false, cancelled: true });
    expect(cancelled.result.cells).toHaveLength(4);
    expect((await h.backend.handle('sweep.list', {})).items[0]).toMatchObject({ status: 'cancelled', running: false, done: 4 });

    holding = false;
    const before = engine.requests.length;
    const resumed = await h.backend.handle('sweep.start', { ...START, resumeId: sweepId });
    expect(resumed.sweepId).toBe(sweepId);
    const done = await eventMatching(h, 'sweep.done', (p) => p.sweepId === sweepId && p.complete);
    expect(engine.requests.slice(before).map((r) => `${r.steering?.method}@${r.steering?.layerStart}x${r.steering?.coefficient}`)).toEqual([
      'caa@2x1', 'caa@2x3', 'caa@4x1', 'caa@4x3',
    ]);
    const second = eventsOf(h, 'sweep.cell').slice(4);
    expect(second.filter((p) => p.skipped).map((p) => p.cell.key)).toEqual(['actadd@2-2x1', 'actadd@2-2x3', 'actadd@4-4x1', 'actadd@4-4x3']);
    expect(done.result.cells).toHaveLength(8);
    const { items } = await h.backend.handle('sweep.list', {});
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'complete', done: 8 });
  });

  it('a sweep saved as running that runs nowhere is listed as interrupted; a damaged entry hides only itself', async () => {
    await loaded();
    const { sweepId } = await h.backend.handle('sweep.start', { ...START, methods: ['actadd'], layers: [2], coefficients: [1] });
    await eventMatching(h, 'sweep.done', (p) => p.sweepId === sweepId);
    const entryFile = path.join(h.dataDir, 'sweeps', sweepId, 'entry.json');
    const entry = JSON.parse(await fs.readFile(entryFile, 'utf8'));
    await fs.writeFile(entryFile, JSON.stringify({ ...entry, status: 'running' }));
    expect((await h.backend.handle('sweep.list', {})).items[0]).toMatchObject({ id: sweepId, status: 'interrupted', running: false });

    await fs.mkdir(path.join(h.dataDir, 'sweeps', '20200101-abcdef'));
    await fs.writeFile(path.join(h.dataDir, 'sweeps', '20200101-abcdef', 'entry.json'), '{"id": ');
    const listing = await h.backend.handle('sweep.list', {});
    expect(listing.items.map((i) => i.id)).toEqual([sweepId]);
    expect(listing.unreadable).toEqual([{ id: '20200101-abcdef', message: expect.stringMatching(/damaged \(not valid JSON\)/) }]);
    expect(await failure(h.backend.handle('sweep.get', { sweepId: '20200101-abcdef' }))).toMatchObject({ code: 'eval.unreadable-file' });
  });

  it('refuses what cannot run with a code and a message', async () => {
    const engine = evalEngine();
    h = await createHarness({ engine });
    expect(await failure(h.backend.handle('sweep.start', START))).toMatchObject({ code: 'engine.no-model' });
    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    expect(await failure(h.backend.handle('sweep.start', { ...START, methods: [] }))).toMatchObject({ code: 'ipc.invalid-args', message: expect.stringMatching(/methods/) });
    expect(await failure(h.backend.handle('sweep.start', { ...START, layers: [0] }))).toMatchObject({ code: 'ipc.invalid-args', message: expect.stringMatching(/layers/) });
    expect(await failure(h.backend.handle('sweep.start', { ...START, vectorPath: '/v.gguf' }))).toEqual({
      code: 'eval.invalid-request',
      message: 'Sweep either a steering pair or a vector file, not both.',
    });
    expect(await failure(h.backend.handle('sweep.start', { ...START, resumeId: '20990101-000000' }))).toMatchObject({ code: 'eval.not-found' });
    expect(await failure(h.backend.handle('sweep.start', { ...START, resumeId: '../../etc' }))).toMatchObject({ code: 'eval.not-found' });
    expect(await failure(h.backend.handle('sweep.get', { sweepId: 'nothing-here' }))).toMatchObject({ code: 'eval.not-found', message: expect.stringMatching(/no saved sweep/) });
    expect(engine.requests).toEqual([]);
    expect(await h.backend.handle('sweep.cancel', { sweepId: 'nothing-here' })).toEqual({ cancelled: false });
  });
});

describe('presets channels', () => {
  it('saves presets per pair in presets.json, replaces by name, lists and deletes', async () => {
    h = await createHarness();
    const best = { method: 'actadd' as const, layerStart: 2, layerEnd: 2, coefficient: 3, sweepId: '20250101-abcdef', modelId: 'tiny' };
    const first = await h.backend.handle('presets.save', { pairId: 'shakespearean/thou-you', preset: best });
    expect(first).toMatchObject({ pairId: 'shakespearean/thou-you', name: 'actadd, layer 2, ×3', ...best });
    const gentle = await h.backend.handle('presets.save', { pairId: 'shakespearean/thou-you', preset: { ...best, name: 'Gentle', coefficient: 1 } });
    const gentler = await h.backend.handle('presets.save', { pairId: 'shakespearean/thou-you', preset: { ...best, name: 'Gentle', coefficient: 0.5 } });
    expect(gentler.id).toBe(gentle.id);
    await h.backend.handle('presets.save', { pairId: 'mylib:noir', preset: { method: 'caa', layerStart: 12, layerEnd: 16, coefficient: 4 } });

    const all = await h.backend.handle('presets.list', {});
    expect(all.items.map((p) => `${p.pairId} ${p.name} ${p.coefficient}`)).toEqual([
      'mylib:noir caa, layers 12–16, ×4 4',
      'shakespearean/thou-you Gentle 0.5',
      'shakespearean/thou-you actadd, layer 2, ×3 3',
    ]);
    expect((await h.backend.handle('presets.list', { pairId: 'mylib:noir' })).items).toHaveLength(1);
    const file = JSON.parse(await fs.readFile(path.join(h.dataDir, 'presets.json'), 'utf8'));
    expect(file).toMatchObject({ format: 'steerling-presets', version: 1 });
    expect(Object.keys(file.pairs).sort()).toEqual(['mylib:noir', 'shakespearean/thou-you']);

    expect(await h.backend.handle('presets.delete', { pairId: 'shakespearean/thou-you', id: first.id })).toEqual({ deleted: true });
    expect(await h.backend.handle('presets.delete', { pairId: 'shakespearean/thou-you', id: first.id })).toEqual({ deleted: false });
    expect((await h.backend.handle('presets.list', { pairId: 'shakespearean/thou-you' })).items.map((p) => p.name)).toEqual(['Gentle']);
  });

  it('refuses a bad pair id or preset, and never overwrites a damaged presets file', async () => {
    h = await createHarness();
    const preset = { method: 'caa' as const, layerStart: 4, layerEnd: 6, coefficient: 2 };
    expect(await failure(h.backend.handle('presets.save', { pairId: 'Not a pair', preset }))).toMatchObject({ code: 'ipc.invalid-args', message: expect.stringMatching(/pairId/) });
    expect(await failure(h.backend.handle('presets.save', { pairId: 'noir', preset: { ...preset, layerEnd: 3 } }))).toMatchObject({
      code: 'ipc.invalid-args',
      message: expect.stringMatching(/last layer must not come before the first/),
    });
    expect(await failure(h.backend.handle('presets.save', { pairId: 'noir', preset: { ...preset, method: 'pca' } }))).toMatchObject({ code: 'ipc.invalid-args' });

    const file = path.join(h.dataDir, 'presets.json');
    await fs.writeFile(file, '{"format": "steerling-presets", "version": 1, "pairs": {');
    const damaged = await failure(h.backend.handle('presets.list', {}));
    expect(damaged).toMatchObject({ code: 'eval.unreadable-file', message: expect.stringMatching(/damaged.*left untouched/) });
    expect(await failure(h.backend.handle('presets.save', { pairId: 'noir', preset }))).toMatchObject({ code: 'eval.unreadable-file' });
    expect(await fs.readFile(file, 'utf8')).toBe('{"format": "steerling-presets", "version": 1, "pairs": {');
    await fs.writeFile(file, JSON.stringify({ format: 'other', version: 1, pairs: {} }));
    expect(await failure(h.backend.handle('presets.list', {}))).toMatchObject({ code: 'eval.unreadable-file', message: expect.stringMatching(/not one this version of Steerling can read/) });
  });
});
