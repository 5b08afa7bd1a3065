/**
 * The compare.* and eval.* channels over a scripted engine: events in order, the comparison saved
 * in the history (also when cancelled), resumed in place, exported as Markdown; scoring saved
 * summaries against their plain sibling; every refusal with its code.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestArgs } from '../../../src-main/ipc/contract';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { createHarness, sampleArticle, sampleSampling, type Harness } from './backend-harness';
import { evalEngine, eventMatching, eventsOf, type EvalScriptControl, PLAIN_TEXT, PROMPTED_TEXT } from './eval-fakes';
import type { ScriptedEngine } from './scripted-engine';

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return toIpcErrorPayload(error);
  }
  throw new Error('expected the call to fail');
}

const CONFIGS: RequestArgs<'compare.start'>['configs'] = [
  { id: 'steered', label: 'Steered ×3', mode: 'steered', style: 'shakespearean', steering: { method: 'actadd', pairId: 'shakespearean/thou-you', layerStart: 2, layerEnd: 2, coefficient: 3 } },
  { id: 'prompted', mode: 'prompted', style: 'shakespearean' },
  { id: 'plain', mode: 'plain' },
];
const START: RequestArgs<'compare.start'> = { article: sampleArticle, configs: CONFIGS, sampling: sampleSampling };

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

describe('compare channels', () => {
  it('runs every configuration, plain first, reports each, and saves the comparison in the history as one item', async () => {
    const engine = await loaded();
    const { jobId } = await h.backend.handle('compare.start', START);
    const done = await eventMatching(h, 'compare.done', (p) => p.jobId === jobId);
    expect(engine.requests.map((r) => r.mode)).toEqual(['plain', 'steered', 'prompted']);
    expect(engine.requests.every((r) => r.sampling.seed === sampleSampling.seed)).toBe(true);
    const progress = eventsOf(h, 'compare.progress').filter((p) => p.jobId === jobId);
    expect(progress.map((p) => `${p.type} ${p.configId} ${p.done}/${p.total}`)).toEqual([
      'start plain 0/3',
      'finished plain 1/3',
      'start steered 1/3',
      'finished steered 2/3',
      'start prompted 2/3',
      'finished prompted 3/3',
    ]);
    expect(done.cancelled).toBe(false);
    expect(done.result.complete).toBe(true);
    expect(done.result.rows.map((r) => r.output)).toEqual(['Thou Thou Thou the harbour bridge reopened on Monday after repairs.', PROMPTED_TEXT, PLAIN_TEXT]);
    const [steered, prompted, plain] = done.result.rows.map((r) => r.scores!);
    expect(steered.archaic.rate).toBeCloseTo((3 / 11) * 100, 6); // three "thou" in eleven words
    expect(prompted.archaic.rate).toBeGreaterThan(0);
    expect(plain.archaic.rate).toBe(0);
    expect(plain.content.vsPlain).toBeNull();
    expect(prompted.content.vsPlain!.rougeL.f1).toBeGreaterThan(0);
    expect(steered.contrast).toBeNull(); // no native model behind a scripted engine
    expect(done.result.target.styleLabel).toMatch(/Shakespear/i); // from the steered row's pair

    const saved = await h.backend.handle('compare.get', { id: done.comparisonId });
    expect(saved.result).toEqual(done.result);
    expect(saved).toMatchObject({ modelId: 'tiny', article: { title: sampleArticle.title, text: sampleArticle.text, source: sampleArticle.source } });
    const list = await h.backend.handle('compare.list', {});
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: done.comparisonId, complete: true, rows: 3, configs: ['Steered ×3', 'prompted', 'plain'] });
    expect((await h.backend.handle('compare.list', { query: 'hath' })).total).toBe(1);
    expect((await h.backend.handle('history.list', {})).total).toBe(0); // summaries stay apart

    const out = path.join(h.dataDir, 'comparison.md');
    const written = await h.backend.handle('compare.export', { id: done.comparisonId, path: out });
    const markdown = await fs.readFile(out, 'utf8');
    expect(written).toEqual({ path: out, bytes: Buffer.byteLength(markdown) });
    expect(markdown).toContain(`# Comparison: ${sampleArticle.title}`);
    expect(markdown).toMatch(/^\| Steered ×3 \| steered, actadd, shakespearean\/thou-you, layer 2, ×3 \| /m);
    expect(markdown).toContain(PROMPTED_TEXT);

    expect(await h.backend.handle('compare.delete', { ids: [done.comparisonId] })).toEqual({ deleted: 1 });
    expect(await failure(h.backend.handle('compare.get', { id: done.comparisonId }))).toMatchObject({ code: 'compare.not-found' });
  });

  it('cancelled part-way it is saved with its finished rows; resuming by id runs only the rest and updates the same item', async () => {
    let holding = true;
    const engine = await loaded((request) => holding && request.mode === 'steered');
    const { jobId } = await h.backend.handle('compare.start', START);
    await eventMatching(h, 'compare.progress', (p) => p.jobId === jobId && p.type === 'start' && p.configId === 'steered');

    // The model is taken: nothing else may use it meanwhile.
    expect(await failure(h.backend.handle('compare.start', START))).toMatchObject({ code: 'eval.busy' });
    expect(await failure(h.backend.handle('eval.scoreText', { output: 'Thou art.', article: { text: 'An article.' } }))).toMatchObject({ code: 'eval.busy' });
    expect(await failure(h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling }))).toMatchObject({ code: 'engine.busy' });

    expect(await h.backend.handle('compare.cancel', { jobId })).toEqual({ cancelled: true });
    const partial = await eventMatching(h, 'compare.done', (p) => p.jobId === jobId);
    expect(partial.cancelled).toBe(true);
    expect(partial.result.complete).toBe(false);
    expect(partial.result.rows.map((r) => r.config.id)).toEqual(['plain']);
    expect((await h.backend.handle('compare.list', {})).items[0]).toMatchObject({ id: partial.comparisonId, complete: false, rows: 1 });
    expect(await h.backend.handle('compare.cancel', { jobId })).toEqual({ cancelled: false });

    holding = false;
    const before = engine.requests.length;
    const resumed = await h.backend.handle('compare.start', { ...START, resumeId: partial.comparisonId });
    const done = await eventMatching(h, 'compare.done', (p) => p.jobId === resumed.jobId);
    expect(engine.requests.slice(before).map((r) => r.mode)).toEqual(['steered', 'prompted']);
    const progress = eventsOf(h, 'compare.progress').filter((p) => p.jobId === resumed.jobId);
    expect(progress[0]).toMatchObject({ type: 'skipped', configId: 'plain', row: { output: PLAIN_TEXT } });
    expect(done.comparisonId).toBe(partial.comparisonId);
    expect(done.result.complete).toBe(true);
    const list = await h.backend.handle('compare.list', {});
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ complete: true, rows: 3 });
  });

  it('refuses what cannot run with a code and a message, before any summary is written', async () => {
    const engine = evalEngine();
    h = await createHarness({ engine });
    expect(await failure(h.backend.handle('compare.start', START))).toMatchObject({ code: 'engine.no-model', message: expect.stringMatching(/Load a model/) });
    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });

    const duplicate = await failure(h.backend.handle('compare.start', { ...START, configs: [CONFIGS[2], { ...CONFIGS[1], id: 'plain' }] }));
    expect(duplicate).toEqual({ code: 'eval.invalid-request', message: 'Two configurations are called "plain"; give each its own name.' });
    expect(await failure(h.backend.handle('compare.start', { ...START, configs: [] }))).toMatchObject({ code: 'ipc.invalid-args', message: expect.stringMatching(/configs/) });
    expect(await failure(h.backend.handle('compare.start', { ...START, resumeId: 'no-such-comparison' }))).toMatchObject({ code: 'compare.not-found' });

    const { jobId } = await h.backend.handle('compare.start', { ...START, configs: [CONFIGS[2]] });
    const { comparisonId } = await eventMatching(h, 'compare.done', (p) => p.jobId === jobId);
    const otherArticle = { ...sampleArticle, text: 'Another article altogether.' };
    expect(await failure(h.backend.handle('compare.start', { ...START, article: otherArticle, resumeId: comparisonId }))).toMatchObject({
      code: 'eval.resume-mismatch',
      message: expect.stringMatching(/another article/),
    });
    expect(await failure(h.backend.handle('compare.start', { ...START, sampling: { ...sampleSampling, seed: 8 }, resumeId: comparisonId }))).toMatchObject({
      code: 'eval.resume-mismatch',
      message: expect.stringMatching(/other sampling settings/),
    });
    expect(engine.requests).toHaveLength(1);
    expect(await failure(h.backend.handle('compare.export', { id: comparisonId, path: path.join(h.dataDir, 'missing', 'x.md') }))).toMatchObject({
      code: 'history.folder-missing',
    });
  });
});

describe('eval.score channels', () => {
  it('scores a saved summary against the newest plain summary of the same article, and any text against an article', async () => {
    await loaded();
    const summarise = async (args: Partial<RequestArgs<'summary.start'>>) => {
      const { jobId } = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling, ...args });
      return (await eventMatching(h, 'summary.done', (p) => p.jobId === jobId)).record;
    };
    const plain = await summarise({});
    const prompted = await summarise({ mode: 'prompted', style: 'shakespearean' });

    const scored = await h.backend.handle('eval.score', { recordId: prompted.id });
    expect(scored.recordId).toBe(prompted.id);
    expect(scored.plainRecordId).toBe(plain.id);
    expect(scored.style).toBe('shakespearean');
    expect(scored.scores.archaic.rate).toBeGreaterThan(0);
    expect(scored.scores.content.vsPlain!.rougeL.f1).toBeGreaterThan(0);
    expect(scored.scores.content.vsPlain!.rougeL.f1).toBeLessThan(1);
    expect(scored.scores.problems.join(' ')).toMatch(/no model is loaded/);

    const ownPlain = await h.backend.handle('eval.score', { recordId: plain.id });
    expect(ownPlain).toMatchObject({ plainRecordId: null, style: null });
    expect(ownPlain.scores.content.vsPlain).toBeNull();
    expect(ownPlain.scores.facts.share).toBe(1); // Monday and "six months" are in the article

    const text = await h.backend.handle('eval.scoreText', { output: 'Thou knowest the bridge reopened on Friday.', article: { text: sampleArticle.text }, style: 'shakespearean' });
    expect(text.scores.facts.missing).toEqual(['Friday']);
    expect(text.scores.archaic.markers.length).toBeGreaterThan(0);

    expect(await failure(h.backend.handle('eval.score', { recordId: 'gone' }))).toMatchObject({ code: 'history.not-found' });
    expect(await failure(h.backend.handle('eval.scoreText', { output: '', article: { text: 'x' } }))).toMatchObject({ code: 'ipc.invalid-args' });
  });
});
