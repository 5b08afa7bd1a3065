import { describe, expect, it } from 'vitest';
import { resolveGpuMode, resolveThreadCount } from '../../../src-main/core/engine/llama';
import { EventQueue } from '../../../src-main/core/engine/event-queue';
import { isHostToWorkerMessage, isWorkerToHostMessage } from '../../../src-main/core/worker/protocol';

describe('resolveThreadCount', () => {
  it('prefers an explicit count, then STEERLING_THREADS, then the core count capped at 8', () => {
    expect(resolveThreadCount(3, { STEERLING_THREADS: '5' })).toBe(3);
    expect(resolveThreadCount(undefined, { STEERLING_THREADS: '5' })).toBe(5);
    const fallback = resolveThreadCount(undefined, { STEERLING_THREADS: 'lots' });
    expect(fallback).toBeGreaterThanOrEqual(1);
    expect(fallback).toBeLessThanOrEqual(8);
    expect(resolveThreadCount(0, {})).toBe(fallback);
  });
});

describe('resolveGpuMode', () => {
  it('is auto unless turned off explicitly or by STEERLING_GPU', () => {
    expect(resolveGpuMode(undefined, {})).toBe('auto');
    expect(resolveGpuMode(undefined, { STEERLING_GPU: 'off' })).toBe(false);
    expect(resolveGpuMode('auto', { STEERLING_GPU: 'off' })).toBe('auto');
    expect(resolveGpuMode(false, {})).toBe(false);
  });
});

describe('EventQueue', () => {
  it('delivers pushed items in order, then ends', async () => {
    const queue = new EventQueue<number>();
    queue.push(1);
    setTimeout(() => {
      queue.push(2);
      queue.end();
      queue.push(3);
    }, 5);
    const seen: number[] = [];
    for await (const n of queue.drain()) seen.push(n);
    expect(seen).toEqual([1, 2]);
  });

  it('throws the failure after the items already queued', async () => {
    const queue = new EventQueue<string>();
    queue.push('a');
    queue.fail(new Error('boom'));
    const seen: string[] = [];
    await expect(async () => {
      for await (const s of queue.drain()) seen.push(s);
    }).rejects.toThrow('boom');
    expect(seen).toEqual(['a']);
  });
});

describe('protocol guards', () => {
  it('accepts the message kinds of each direction and rejects junk', () => {
    expect(isHostToWorkerMessage({ type: 'cancel', id: 3 })).toBe(true);
    expect(isHostToWorkerMessage({ type: 'explode', id: 3 })).toBe(false);
    expect(isHostToWorkerMessage({ type: 'load' })).toBe(false);
    expect(isWorkerToHostMessage({ type: 'state', state: 'ready' })).toBe(true);
    expect(isWorkerToHostMessage({ type: 'text', id: 1, text: 'x' })).toBe(true);
    expect(isWorkerToHostMessage('hello')).toBe(false);
  });
});
