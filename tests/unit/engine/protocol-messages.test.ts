/**
 * Messages crossing the engine process boundary are checked field by field before they are acted
 * on: a malformed one is refused with an error naming the field, and the request it belongs to
 * stops instead of running on a cast.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EngineClient } from '../../../src-main/core/worker/engine-client';
import type { HostToWorkerMessage, WorkerToHostMessage } from '../../../src-main/core/worker/protocol';
import { checkHostMessage, checkWorkerMessage } from '../../../src-main/core/worker/protocol-schemas';
import type { EngineTransport } from '../../../src-main/core/worker/transport';

const sampling = { temperature: 0.5, topP: 0.9, seed: 1, maxTokens: 8, repeatPenalty: 1.1 };
const request = { article: { title: 'T', text: 'Text.' }, mode: 'plain' as const, sampling };

describe('engine protocol checks', () => {
  it('accepts the messages each side really sends', () => {
    expect(checkHostMessage({ type: 'summarize', id: 3, request }).ok).toBe(true);
    expect(checkHostMessage({ type: 'load', id: 1, path: '/m.gguf', options: { contextSize: 1024 } }).ok).toBe(true);
    expect(checkHostMessage({ type: 'ping', id: 0 }).ok).toBe(true);
    expect(checkWorkerMessage({ type: 'text', id: 3, text: 'Thou' }).ok).toBe(true);
    expect(checkWorkerMessage({ type: 'done', id: 3, output: 'Thou', stats: { promptTokens: 1, outputTokens: 1, timeToFirstTokenMs: 1, totalMs: 2, chunks: 1 }, cancelled: false }).ok).toBe(true);
    expect(checkWorkerMessage({ type: 'state', state: 'ready' }).ok).toBe(true);
  });

  it.each([
    ['a request with a bad sampling value', { type: 'summarize', id: 3, request: { ...request, sampling: { ...sampling, temperature: 'hot' } } }, 3, /"summarize" message .* at request\.sampling\.temperature/],
    ['a load without a path', { type: 'load', id: 4 }, 4, /"load" message .* at path/],
    ['an unknown request', { type: 'format-disk', id: 5 }, 5, /a message of a kind it does not know \("format-disk"\)/],
    ['no id at all', { type: 'cancel' }, null, /"cancel" message .* at id/],
  ])('refuses, from the host, %s', (_what, message, id, problem) => {
    const checked = checkHostMessage(message);
    expect(checked).toMatchObject({ ok: false, id });
    expect(!checked.ok && checked.problem).toMatch(problem);
  });

  it.each([
    ['text that is not text', { type: 'text', id: 2, text: 42 }, /"text" message .* at text/],
    ['a progress stage that does not exist', { type: 'progress', id: 2, stage: 'compile', done: 0, total: 1 }, /at stage/],
    ['a done event without its stats', { type: 'done', id: 2, output: 'x', cancelled: false }, /at stats/],
    ['a loaded model without its path', { type: 'loaded', id: 2, model: { id: 'tiny', nLayer: 4, nEmbd: 64 } }, /at model\.path/],
  ])('refuses, from the worker, %s', (_what, message, problem) => {
    const checked = checkWorkerMessage(message);
    expect(checked).toMatchObject({ ok: false, id: 2 });
    expect(!checked.ok && checked.problem).toMatch(problem);
  });
});

/** A worker that answers a summary with text of the wrong type. */
function garblingWorker(): EngineTransport {
  let listener: (message: WorkerToHostMessage) => void = () => undefined;
  const reply = (message: unknown) => queueMicrotask(() => listener(message as WorkerToHostMessage));
  return {
    send(message: HostToWorkerMessage) {
      if (message.type === 'load') reply({ type: 'loaded', id: message.id, model: { id: 'tiny', path: message.path, nLayer: 4, nEmbd: 64 } });
      if (message.type === 'summarize') reply({ type: 'text', id: message.id, text: { injected: true } });
    },
    onMessage(next) {
      listener = next;
      reply({ type: 'state', state: 'ready' });
    },
    onExit() {},
    kill() {},
  };
}

describe('engine client: a malformed reply', () => {
  let client: EngineClient | undefined;
  afterEach(async () => {
    await client?.dispose();
  });

  it('stops the request it names with a protocol error, and the client stays usable', async () => {
    client = new EngineClient(garblingWorker, { disposeTimeoutMs: 10 });
    await client.loadModel('/models/tiny.gguf');
    const read = async () => {
      for await (const _event of client!.summarize(request)) {
        // nothing valid ever arrives
      }
    };
    await expect(read()).rejects.toMatchObject({ name: 'EngineError', code: 'protocol-error', message: expect.stringMatching(/wrong shape at text.*request was stopped/) });
    expect(client.currentModel()?.path).toBe('/models/tiny.gguf');
  });
});
