/**
 * The batch store against a scripted bridge: item states that come before `batch.start` answers
 * are replayed, each item's progress comes from its own job's `summary.progress`, other batches
 * are ignored, and a refused start leaves the queue on screen as it was.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installBridge, type ScriptedBridge } from './scripted-bridge';

let bridge: ScriptedBridge;
let batch: typeof import('../../../src-renderer/stores/batch.svelte').batch;

const files = [
  { handle: 'h1', name: 'one.txt' },
  { handle: 'h2', name: 'two.txt' },
];
const items = [
  { itemId: 'item-1', name: 'one.txt' },
  { itemId: 'item-2', name: 'two.txt' },
];

beforeEach(async () => {
  vi.resetModules();
  localStorage.clear();
  bridge = installBridge();
  ({ batch } = await import('../../../src-renderer/stores/batch.svelte'));
  batch.connect();
});

async function started(batchId = 'batch-1') {
  const starting = batch.start(files);
  await bridge.answer('batch.start', { batchId, items });
  await starting;
}

describe('batch store', () => {
  it('replays item states that came before the batch id, and routes progress by item', async () => {
    const starting = batch.start(files);
    expect(bridge.waiting('batch.start')).toMatchObject({ files: ['h1', 'h2'], mode: 'plain' });
    bridge.emit('batch.item', { batchId: 'batch-1', itemId: 'item-1', name: 'one.txt', state: 'summarising' });
    bridge.emit('summary.progress', { jobId: 'item-1', stage: 'map', done: 1, total: 3 });
    bridge.emit('batch.item', { batchId: 'other', itemId: 'item-2', name: 'two.txt', state: 'failed', message: 'Not mine.' });
    await bridge.answer('batch.start', { batchId: 'batch-1', items });
    await starting;
    expect(batch.items.map((item) => [item.itemId, item.state, item.progress])).toEqual([
      ['item-1', 'summarising', { done: 1, total: 3 }],
      ['item-2', 'waiting', null],
    ]);
    expect(batch.active).toBe(true);

    bridge.emit('batch.item', { batchId: 'batch-1', itemId: 'item-1', name: 'one.txt', state: 'done', title: 'One', recordId: 'record-1' });
    bridge.emit('batch.item', { batchId: 'batch-1', itemId: 'item-2', name: 'two.txt', state: 'failed', message: 'Unreadable file.' });
    expect(batch.items.map((item) => [item.state, item.title, item.message])).toEqual([
      ['done', 'One', undefined],
      ['failed', undefined, 'Unreadable file.'],
    ]);
    expect(batch.finishedIds).toEqual(['record-1']);
    expect(batch.active).toBe(false);
  });

  it('keeps the queue it had when a new batch is refused, and goes on following it', async () => {
    await started();
    const starting = batch.start(files);
    await bridge.fail('batch.start', { code: 'engine.no-model', message: 'Load a model first.' });
    await starting;
    expect(batch.error?.message).toBe('Load a model first.');
    expect(batch.batchId).toBe('batch-1');
    expect(batch.items[0].state).toBe('waiting');
    bridge.emit('batch.item', { batchId: 'batch-1', itemId: 'item-2', name: 'two.txt', state: 'summarising' });
    expect(batch.items[1].state).toBe('summarising');
  });

  it('cancels one item or the rest, and says why a cancel failed', async () => {
    await started();
    const one = batch.cancel('item-2');
    expect(bridge.waiting('batch.cancel')).toEqual({ batchId: 'batch-1', itemId: 'item-2' });
    await bridge.answer('batch.cancel', { cancelled: 1 });
    await one;
    const rest = batch.cancel();
    expect(bridge.waiting('batch.cancel')).toEqual({ batchId: 'batch-1' });
    await bridge.fail('batch.cancel', { code: 'batch.unknown', message: 'That batch has ended.' });
    await rest;
    expect(batch.error?.message).toBe('That batch has ended.');
  });
});
