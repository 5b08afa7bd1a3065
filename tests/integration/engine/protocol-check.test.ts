/**
 * The engine worker process checks each request before acting on it: a malformed one is answered
 * with an invalid-request error naming the field, and the worker carries on.
 */
import { describe, expect, it } from 'vitest';
import { forkEngineTransport } from '../../../src-main/core/worker/fork-transport';
import type { HostToWorkerMessage, WorkerToHostMessage } from '../../../src-main/core/worker/protocol';
import { THREADS } from './helpers';

describe('engine worker: malformed requests', () => {
  it('answers them with an invalid-request error and keeps answering', async () => {
    const worker = forkEngineTransport({ threads: THREADS, gpu: false });
    const replies: WorkerToHostMessage[] = [];
    worker.onMessage((message) => replies.push(message));
    const reply = (id: number) =>
      new Promise<WorkerToHostMessage>((resolve) => {
        const look = () => {
          const found = replies.find((m) => 'id' in m && m.id === id);
          if (found) resolve(found);
          else setTimeout(look, 10);
        };
        look();
      });
    try {
      worker.send({ type: 'load', id: 7 } as unknown as HostToWorkerMessage);
      expect(await reply(7)).toMatchObject({ type: 'error', code: 'invalid-request', message: expect.stringMatching(/"load" message of the wrong shape at path/) });
      worker.send({ type: 'summarize', id: 8, request: { article: { title: 'T', text: 'x' }, mode: 'plain', sampling: { temperature: -1 } } } as unknown as HostToWorkerMessage);
      expect(await reply(8)).toMatchObject({ type: 'error', code: 'invalid-request', message: expect.stringMatching(/at request\.sampling\./) });
      worker.send({ type: 'ping', id: 9 });
      expect(await reply(9)).toEqual({ type: 'pong', id: 9 });
    } finally {
      worker.kill();
    }
  });
});
