/**
 * The sweep store's job flow against a scripted bridge: cells that come before `sweep.start`
 * answers are replayed, other sweeps only refresh the saved list, stop, errors, and resuming or
 * opening a saved sweep.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestArgs, SweepListItem } from '../../../src-main/ipc/contract';
import { cell, scored, sweepDetail, sweepResult } from './eval-payloads';
import { article, sampling } from './payloads';
import { installBridge, settle, type ScriptedBridge } from './scripted-bridge';

let bridge: ScriptedBridge;
let sweep: typeof import('../../../src-renderer/stores/sweep.svelte').sweep;
let saved: SweepListItem[];

const request: RequestArgs<'sweep.start'> = {
  article,
  style: 'shakespearean',
  pairId: 'shakespearean',
  methods: ['caa'],
  layers: [2, 3],
  coefficients: [4],
  sampling,
  judge: false,
};

beforeEach(async () => {
  vi.resetModules();
  bridge = installBridge();
  saved = [];
  bridge.always('sweep.list', () => ({ items: saved, unreadable: [] }));
  ({ sweep } = await import('../../../src-renderer/stores/sweep.svelte'));
  sweep.connect();
});

async function running(sweepId = 'sweep-1') {
  const started = sweep.start(request);
  await bridge.answer('sweep.start', { sweepId });
  await started;
}

const best = (c: ReturnType<typeof cell> | null) => ({ cell: c, rule: 'Most in style keeping 90% of the content.', threshold: 0.7 });

describe('sweep store', () => {
  it('replays what came before the sweep id, and only refreshes the list for other sweeps', async () => {
    const started = sweep.start(request);
    expect(sweep.status).toBe('starting');
    expect(sweep.shown).toMatchObject({ id: '', styleScore: 'archaic' });
    expect(sweep.total).toBe(2);
    bridge.emit('sweep.baseline', { sweepId: 'sweep-1', which: 'plain', baseline: scored('Plain.'), skipped: false });
    bridge.emit('sweep.cell', { sweepId: 'sweep-1', cell: cell(2, 4), skipped: false, done: 1, total: 2 });
    bridge.emit('sweep.cell', { sweepId: 'other', cell: cell(9, 9), skipped: false, done: 5, total: 9 });
    expect(sweep.cells).toEqual([]);

    await bridge.answer('sweep.start', { sweepId: 'sweep-1' });
    await started;
    expect(sweep.shown?.id).toBe('sweep-1');
    expect(sweep.status).toBe('running');
    expect(sweep.cells.map((c) => c.key)).toEqual(['caa@2-2x4']);
    expect(sweep.baselines.plain?.output).toBe('Plain.');
    expect([sweep.done, sweep.total]).toEqual([1, 2]);

    saved = [{ ...sweepDetail('other', 'complete', []).entry, id: 'other' }];
    bridge.emit('sweep.done', { sweepId: 'other', best: best(null), reason: 'none', complete: true, cancelled: false, result: sweepResult([], 0, best(null)) });
    await settle();
    expect(sweep.list.map((item) => item.id)).toEqual(['other']);
    expect(sweep.status).toBe('running');

    const cells = [cell(2, 4), cell(3, 4)];
    bridge.emit('sweep.done', { sweepId: 'sweep-1', best: best(cells[1]), reason: 'Layer 3 keeps the content.', complete: true, cancelled: false, result: sweepResult(cells, 2, best(cells[1])) });
    expect(sweep.status).toBe('complete');
    expect(sweep.best?.cell?.key).toBe('caa@3-3x4');
    expect(sweep.reason).toBe('Layer 3 keeps the content.');
    expect(sweep.busy).toBe(false);
  });

  it('takes a refused start off the screen and says why', async () => {
    const started = sweep.start(request);
    await bridge.fail('sweep.start', { code: 'engine.no-model', message: 'Load a model first.' });
    await started;
    expect(sweep.shown).toBeNull();
    expect(sweep.error).toMatchObject({ code: 'engine.no-model', message: 'Load a model first.' });
    expect(sweep.busy).toBe(false);
  });

  it('stops: stopping until the sweep reports itself cancelled', async () => {
    await running();
    const stopping = sweep.cancel();
    expect(sweep.status).toBe('stopping');
    expect(bridge.waiting('sweep.cancel')).toEqual({ sweepId: 'sweep-1' });
    await bridge.answer('sweep.cancel', { cancelled: true });
    await stopping;
    expect(sweep.status).toBe('stopping');
    bridge.emit('sweep.done', { sweepId: 'sweep-1', best: best(null), reason: 'Stopped.', complete: false, cancelled: true, result: sweepResult([cell(2, 4)], 2, best(null)) });
    expect(sweep.status).toBe('cancelled');
    expect(sweep.cells).toHaveLength(1);
  });

  it('shows the sweep\'s error event', async () => {
    await running();
    bridge.emit('sweep.error', { sweepId: 'sweep-1', code: 'engine.crashed', message: 'The engine stopped unexpectedly.' });
    expect(sweep.status).toBe('failed');
    expect(sweep.error?.code).toBe('engine.crashed');
  });

  it('resumes an interrupted sweep, and goes back to interrupted when it cannot start', async () => {
    bridge.always('sweep.get', sweepDetail('sweep-1', 'interrupted', [cell(2, 4)]));
    const resumed = sweep.resume('sweep-1');
    await settle();
    expect(sweep.status).toBe('starting');
    expect(sweep.cells).toHaveLength(1);
    expect(bridge.waiting('sweep.start')).toMatchObject({ resumeId: 'sweep-1', layers: [2, 3] });
    await bridge.fail('sweep.start', { code: 'sweep.settings-changed', message: 'The settings differ.' });
    await resumed;
    expect(sweep.status).toBe('interrupted');
    expect(sweep.shown?.id).toBe('sweep-1');
    expect(sweep.error?.message).toBe('The settings differ.');

    const again = sweep.resume('sweep-1');
    await settle();
    await bridge.answer('sweep.start', { sweepId: 'sweep-1' });
    await again;
    expect(sweep.status).toBe('running');
    bridge.emit('sweep.cell', { sweepId: 'sweep-1', cell: cell(3, 4), skipped: false, done: 2, total: 2 });
    expect(sweep.cells.map((c) => c.key)).toEqual(['caa@2-2x4', 'caa@3-3x4']);
  });

  it('follows a saved sweep that is running when it is opened', async () => {
    bridge.always('sweep.get', sweepDetail('sweep-7', 'running', [], true));
    await sweep.open('sweep-7');
    expect(sweep.status).toBe('running');
    bridge.emit('sweep.cell', { sweepId: 'sweep-7', cell: cell(2, 4), skipped: false, done: 1, total: 2 });
    expect(sweep.cells.map((c) => c.key)).toEqual(['caa@2-2x4']);
    const stopping = sweep.cancel();
    expect(bridge.waiting('sweep.cancel')).toEqual({ sweepId: 'sweep-7' });
    await bridge.answer('sweep.cancel', { cancelled: true });
    await stopping;
    expect(sweep.status).toBe('stopping');
  });
});
