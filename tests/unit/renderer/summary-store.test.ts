/**
 * The summary store's job flow against a scripted bridge: events that come before `summary.start`
 * answers are kept and replayed in order, other jobs' events are ignored, stop and errors settle
 * the phase.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { article, historyRecord, sampling, stats } from './payloads';
import { installBridge, type ScriptedBridge } from './scripted-bridge';

let bridge: ScriptedBridge;
let summary: typeof import('../../../src-renderer/stores/summary.svelte').summary;

beforeEach(async () => {
  vi.resetModules();
  bridge = installBridge();
  ({ summary } = await import('../../../src-renderer/stores/summary.svelte'));
  summary.connect();
});

function start() {
  return summary.start({ article, mode: 'plain', sampling });
}

describe('summary store', () => {
  it('replays the events that came before the job id, in order, and ignores other jobs', async () => {
    const started = start();
    expect(summary.phase).toBe('starting');
    expect(summary.articleTitle).toBe(article.title);
    bridge.emit('summary.text', { jobId: 'job-1', text: 'The harbour' });
    bridge.emit('summary.text', { jobId: 'other', text: 'NOT MINE' });
    bridge.emit('summary.progress', { jobId: 'job-1', stage: 'map', done: 1, total: 2 });
    expect(summary.text).toBe('');

    await bridge.answer('summary.start', { jobId: 'job-1' });
    await started;
    expect(summary.phase).toBe('running');
    expect(summary.text).toBe('The harbour');
    expect(summary.tokens).toBe(1);
    expect(summary.progress).toEqual({ stage: 'map', done: 1, total: 2 });

    bridge.emit('summary.text', { jobId: 'job-1', text: ' reopened.' });
    bridge.emit('summary.text', { jobId: 'other', text: 'NOT MINE' });
    expect(summary.text).toBe('The harbour reopened.');

    bridge.emit('summary.done', { jobId: 'job-1', record: historyRecord('The harbour reopened on Monday.'), stats, cancelled: false });
    expect(summary.phase).toBe('done');
    expect(summary.text).toBe('The harbour reopened on Monday.');
    expect(summary.record?.id).toBe('record-1');
    expect(summary.progress).toBeNull();
    expect(summary.busy).toBe(false);
  });

  it('settles as done even when the job finished before its id was known', async () => {
    const started = start();
    bridge.emit('summary.text', { jobId: 'job-1', text: 'Short.' });
    bridge.emit('summary.done', { jobId: 'job-1', record: historyRecord('Short.'), stats, cancelled: false });
    await bridge.answer('summary.start', { jobId: 'job-1' });
    await started;
    expect(summary.phase).toBe('done');
    expect(summary.text).toBe('Short.');
  });

  it('sends the article, mode and sampling the contract accepts', async () => {
    const started = start();
    expect(bridge.waiting('summary.start')).toEqual({ article, mode: 'plain', sampling });
    await bridge.answer('summary.start', { jobId: 'job-1' });
    await started;
  });

  it('does not start a second job while one runs', async () => {
    const first = start();
    await bridge.answer('summary.start', { jobId: 'job-1' });
    await first;
    await start();
    expect(() => bridge.waiting('summary.start')).toThrow(/No summary.start request/);
    expect(summary.phase).toBe('running');
  });

  it('stops: stopping until the job reports itself cancelled', async () => {
    const started = start();
    await bridge.answer('summary.start', { jobId: 'job-1' });
    await started;
    const stopped = summary.stop();
    expect(summary.phase).toBe('stopping');
    expect(bridge.waiting('summary.cancel')).toEqual({ jobId: 'job-1' });
    await bridge.answer('summary.cancel', { cancelled: true });
    await stopped;
    expect(summary.phase).toBe('stopping');
    bridge.emit('summary.done', { jobId: 'job-1', record: historyRecord('The harb', true), stats, cancelled: true });
    expect(summary.phase).toBe('done');
    expect(summary.cancelled).toBe(true);
  });

  it('shows why a stop failed when the job had not settled meanwhile', async () => {
    const started = start();
    await bridge.answer('summary.start', { jobId: 'job-1' });
    await started;
    const stopped = summary.stop();
    await bridge.fail('summary.cancel', { code: 'engine.gone', message: 'The engine stopped.' });
    await stopped;
    expect(summary.phase).toBe('error');
    expect(summary.error?.code).toBe('engine.gone');
  });

  it('keeps the job\'s own outcome when it finished while the stop was on its way', async () => {
    const started = start();
    await bridge.answer('summary.start', { jobId: 'job-1' });
    await started;
    const stopped = summary.stop();
    bridge.emit('summary.done', { jobId: 'job-1', record: historyRecord('All of it.'), stats, cancelled: false });
    await bridge.fail('summary.cancel', { code: 'job.unknown', message: 'No such job.' });
    await stopped;
    expect(summary.phase).toBe('done');
    expect(summary.error).toBeNull();
  });

  it('shows a refused start as an error and drops what came meanwhile', async () => {
    const started = start();
    bridge.emit('summary.text', { jobId: 'job-1', text: 'stray' });
    await bridge.fail('summary.start', { code: 'engine.no-model', message: 'Load a model first.' });
    await started;
    expect(summary.phase).toBe('error');
    expect(summary.error).toMatchObject({ code: 'engine.no-model', message: 'Load a model first.' });
    expect(summary.text).toBe('');
    bridge.emit('summary.text', { jobId: 'job-1', text: 'late' });
    expect(summary.text).toBe('');
  });

  it('shows a job\'s error event with its code and message', async () => {
    const started = start();
    await bridge.answer('summary.start', { jobId: 'job-1' });
    await started;
    bridge.emit('summary.progress', { jobId: 'job-1', stage: 'reduce', done: 0, total: 1 });
    bridge.emit('summary.error', { jobId: 'job-1', code: 'engine.crashed', message: 'The engine stopped unexpectedly.' });
    expect(summary.phase).toBe('error');
    expect(summary.error).toMatchObject({ code: 'engine.crashed', message: 'The engine stopped unexpectedly.' });
    expect(summary.progress).toBeNull();
  });
});
