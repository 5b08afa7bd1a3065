/**
 * The compare store's job flow against a scripted bridge: rows that come before `compare.start`
 * answers are replayed, other jobs are ignored, stop, errors and resuming a saved comparison.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ComparisonSummary } from '../../../src-main/ipc/contract';
import { comparison, comparisonRecord, plainConfig, promptedConfig, row } from './eval-payloads';
import { article, sampling } from './payloads';
import { installBridge, settle, type ScriptedBridge } from './scripted-bridge';

let bridge: ScriptedBridge;
let compare: typeof import('../../../src-renderer/stores/compare.svelte').compare;
let saved: ComparisonSummary[];

beforeEach(async () => {
  vi.resetModules();
  bridge = installBridge();
  saved = [];
  bridge.always('compare.list', () => ({ items: saved, total: saved.length }));
  ({ compare } = await import('../../../src-renderer/stores/compare.svelte'));
  compare.connect();
  compare.add({ label: 'Prompted', mode: 'prompted', style: 'shakespearean' }, 'prompted');
});

function savedSummary(id: string): ComparisonSummary {
  return { id, createdAt: '', updatedAt: '', title: article.title, modelId: 'test-model', complete: true, configs: ['Plain', 'Prompted'], rows: 2 };
}

async function running(jobId = 'job-1') {
  const started = compare.start(article, sampling);
  await bridge.answer('compare.start', { jobId });
  await started;
}

describe('compare store', () => {
  it('replays rows that came before the job id, ignores other jobs, and shows the saved comparison when done', async () => {
    const started = compare.start(article, sampling);
    expect(compare.phase).toBe('starting');
    expect(bridge.waiting('compare.start').configs).toEqual([plainConfig, promptedConfig]);
    bridge.emit('compare.progress', { jobId: 'job-1', type: 'start', configId: 'plain', done: 0, total: 2 });
    bridge.emit('compare.progress', { jobId: 'job-1', type: 'finished', configId: 'plain', done: 1, total: 2, row: row(plainConfig, 'Plain summary.') });
    bridge.emit('compare.progress', { jobId: 'other', type: 'start', configId: 'elsewhere', done: 0, total: 9 });
    expect(compare.rows).toEqual([]);

    await bridge.answer('compare.start', { jobId: 'job-1' });
    await started;
    expect(compare.phase).toBe('running');
    expect(compare.rows.map((r) => r.output)).toEqual(['Plain summary.']);
    expect([compare.done, compare.total, compare.current]).toEqual([1, 2, null]);

    bridge.emit('compare.progress', { jobId: 'job-1', type: 'start', configId: 'prompted', done: 1, total: 2 });
    expect(compare.current).toBe('prompted');
    const rows = [row(plainConfig, 'Plain summary.'), row(promptedConfig, 'Prompted summary, forsooth.')];
    saved = [savedSummary('comparison-1')];
    bridge.emit('compare.done', { jobId: 'job-1', comparisonId: 'comparison-1', result: comparison([plainConfig, promptedConfig], rows, true), cancelled: false });
    await settle();
    expect(compare.phase).toBe('done');
    expect(compare.current).toBeNull();
    expect(compare.shown?.id).toBe('comparison-1');
    expect(compare.rows).toHaveLength(2);
    expect(compare.list.map((item) => item.id)).toEqual(['comparison-1']);
  });

  it('cannot be stopped before its job id is known; stopping waits for the job to say it stopped', async () => {
    const started = compare.start(article, sampling);
    await compare.cancel();
    expect(compare.phase).toBe('starting');
    await bridge.answer('compare.start', { jobId: 'job-1' });
    await started;

    const stopping = compare.cancel();
    expect(compare.phase).toBe('stopping');
    expect(bridge.waiting('compare.cancel')).toEqual({ jobId: 'job-1' });
    await bridge.answer('compare.cancel', { cancelled: true });
    await stopping;
    expect(compare.phase).toBe('stopping');
    bridge.emit('compare.done', { jobId: 'job-1', comparisonId: 'comparison-1', result: comparison([plainConfig, promptedConfig], [row(plainConfig, 'Plain.')], false), cancelled: true });
    expect(compare.phase).toBe('done');
    expect(compare.cancelled).toBe(true);
  });

  it('says why a stop failed and waits for the job\'s own end', async () => {
    await running();
    const stopping = compare.cancel();
    await bridge.fail('compare.cancel', { code: 'engine.gone', message: 'The engine stopped.' });
    await stopping;
    expect(compare.error?.message).toBe('The engine stopped.');
    expect(compare.phase).toBe('stopping');
    bridge.emit('compare.error', { jobId: 'job-1', code: 'engine.crashed', message: 'The engine stopped unexpectedly.' });
    expect(compare.phase).toBe('error');
    expect(compare.error?.code).toBe('engine.crashed');
  });

  it('shows a refused start as an error', async () => {
    const started = compare.start(article, sampling);
    bridge.emit('compare.progress', { jobId: 'job-1', type: 'start', configId: 'plain', done: 0, total: 2 });
    await bridge.fail('compare.start', { code: 'engine.no-model', message: 'Load a model first.' });
    await started;
    expect(compare.phase).toBe('error');
    expect(compare.error).toMatchObject({ code: 'engine.no-model', message: 'Load a model first.' });
    expect(compare.current).toBeNull();
  });

  it('shows the job\'s error event and refreshes the saved list', async () => {
    await running();
    bridge.emit('compare.progress', { jobId: 'job-1', type: 'start', configId: 'plain', done: 0, total: 2 });
    saved = [savedSummary('comparison-partial')];
    bridge.emit('compare.error', { jobId: 'job-1', code: 'compare.failed', message: 'Every configuration failed.' });
    await settle();
    expect(compare.phase).toBe('error');
    expect(compare.current).toBeNull();
    expect(compare.error?.message).toBe('Every configuration failed.');
    expect(compare.list).toHaveLength(1);
  });

  it('resumes a saved comparison: kept rows stay, failed ones count as not done', async () => {
    const partial = comparison([plainConfig, promptedConfig], [row(plainConfig, 'Plain.'), row(promptedConfig, '', 'Out of memory.')], false);
    bridge.always('compare.get', comparisonRecord('comparison-1', partial));
    const resumed = compare.resume('comparison-1');
    await settle();
    expect(compare.phase).toBe('starting');
    expect(compare.shown?.id).toBe('comparison-1');
    expect([compare.done, compare.total]).toEqual([1, 2]);
    expect(bridge.waiting('compare.start')).toMatchObject({ resumeId: 'comparison-1', configs: [plainConfig, promptedConfig] });
    bridge.emit('compare.progress', { jobId: 'job-2', type: 'finished', configId: 'prompted', done: 2, total: 2, row: row(promptedConfig, 'Prompted, forsooth.') });
    await bridge.answer('compare.start', { jobId: 'job-2' });
    await resumed;
    expect(compare.done).toBe(2);
    expect(compare.rows.map((r) => r.output)).toEqual(['Plain.', 'Prompted, forsooth.']);
  });
});
