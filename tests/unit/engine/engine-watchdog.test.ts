/**
 * The watchdog's second rule: a worker that still answers pings but whose operation reports
 * nothing (a native call that never returns) is stopped too. A scripted worker stands in for the
 * process, so the stall is exact; the SIGSTOP case runs against a real worker in
 * tests/integration/engine/engine-watchdog.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EngineClient } from '../../../src-main/core/worker/engine-client';
import type { HostToWorkerMessage, WorkerToHostMessage } from '../../../src-main/core/worker/protocol';
import type { EngineTransport } from '../../../src-main/core/worker/transport';
import type { EngineState } from '../../../src-main/ipc/contract';

/** Answers pings and loads at once; a summary starts and then never says another word. */
function stallingWorker(log: string[]): EngineTransport {
  let listener: (message: WorkerToHostMessage) => void = () => undefined;
  const exits: ((code: number | null) => void)[] = [];
  let alive = true;
  const reply = (message: WorkerToHostMessage) => queueMicrotask(() => alive && listener(message));
  return {
    send(message: HostToWorkerMessage) {
      if (!alive) return;
      log.push(message.type);
      if (message.type === 'ping') reply({ type: 'pong', id: message.id });
      if (message.type === 'load') {
        reply({ type: 'loaded', id: message.id, model: { id: 'tiny', path: message.path, nLayer: 4, nEmbd: 64 } as never });
      }
      if (message.type === 'summarize') reply({ type: 'progress', id: message.id, stage: 'map', done: 0, total: 1 });
    },
    onMessage(next) {
      listener = next;
      reply({ type: 'state', state: 'ready' });
    },
    onExit(next) {
      exits.push(next);
    },
    kill() {
      if (!alive) return;
      alive = false;
      log.push('killed');
      for (const exit of exits) exit(null);
    },
  };
}

describe('engine watchdog: stalled operations', () => {
  let client: EngineClient | undefined;
  afterEach(async () => {
    await client?.dispose();
  });

  it('stops a worker whose summary makes no progress though it answers pings, and restarts it', async () => {
    const logs: string[][] = [];
    const states: EngineState[] = [];
    client = new EngineClient(
      () => {
        const log: string[] = [];
        logs.push(log);
        return stallingWorker(log);
      },
      { hangTimeoutMs: 10_000, stallTimeoutMs: 200, disposeTimeoutMs: 10 },
    );
    client.onState((state) => states.push(state));
    await client.loadModel('/models/tiny.gguf');

    const run = (async () => {
      for await (const _event of client!.summarize({ article: { title: 't', text: 'x' }, mode: 'plain', sampling: { temperature: 0, topP: 1, seed: 1, maxTokens: 5, repeatPenalty: 1 } })) {
        // reads the one progress event, then waits for ever
      }
    })();
    await expect(run).rejects.toMatchObject({ name: 'EngineError', code: 'engine-hung', message: expect.stringMatching(/no progress for 0\.2 s/) });
    // It was alive all along: pings were answered, and it was killed for the stall alone.
    expect(logs[0]).toContain('ping');
    expect(logs[0].at(-1)).toBe('killed');
    expect(states).toContainEqual(expect.objectContaining({ state: 'crashed', restarting: true }));
    // The new worker is asked to load the model again.
    await expect.poll(() => logs[1]?.includes('load')).toBe(true);
  });

  it('leaves an idle worker alone, however long it is quiet', async () => {
    const logs: string[][] = [];
    client = new EngineClient(
      () => {
        const log: string[] = [];
        logs.push(log);
        return stallingWorker(log);
      },
      { hangTimeoutMs: 50, stallTimeoutMs: 50, disposeTimeoutMs: 10 },
    );
    await client.loadModel('/models/tiny.gguf');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logs).toHaveLength(1);
    expect(logs[0]).not.toContain('killed');
    expect(logs[0]).not.toContain('ping');
  });
});
