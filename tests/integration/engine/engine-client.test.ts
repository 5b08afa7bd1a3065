import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../../src-main/core/worker/engine-client';
import { forkEngineTransport, type ForkEngineTransport } from '../../../src-main/core/worker/fork-transport';
import type { SummaryEvent } from '../../../src-main/core/engine/types';
import type { EngineState } from '../../../src-main/ipc/contract';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { collect, doneOf, request, textOf, THREADS } from './helpers';

function waitForState(states: EngineState[], predicate: (s: EngineState) => boolean, from = 0): Promise<EngineState> {
  return new Promise((resolve) => {
    const check = () => {
      const found = states.slice(from).find(predicate);
      if (found) resolve(found);
      else setTimeout(check, 20);
    };
    check();
  });
}

describe('EngineClient over a forked worker', () => {
  let modelPath: string;
  let client: EngineClient | undefined;
  const workers: ForkEngineTransport[] = [];
  const states: EngineState[] = [];

  function startClient() {
    states.length = 0;
    workers.length = 0;
    client = new EngineClient(() => {
      const transport = forkEngineTransport({ threads: THREADS, gpu: false });
      workers.push(transport);
      return transport;
    });
    client.onState((state) => states.push(state));
    return client;
  }

  beforeAll(async () => {
    modelPath = await createTinyModel();
  });
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });

  it('loads a model in the worker and streams a summary', async () => {
    const engine = startClient();
    const info = await engine.loadModel(modelPath, { contextSize: 1024 });
    expect(info).toMatchObject({ architecture: 'llama', nLayer: 4, nEmbd: 64, contextSize: 1024 });
    expect(engine.currentModel()).toEqual(info);
    expect(states.map((s) => s.state)).toEqual(['starting', 'ready', 'loading', 'ready']);

    const events = await collect(engine.summarize(request()));
    const done = doneOf(events);
    expect(textOf(events)).toBe(done.output);
    expect(done.stats.outputTokens).toBe(24);
    // Same seed in another process, same text.
    expect(doneOf(await collect(engine.summarize(request()))).output).toBe(done.output);
  });

  it('forwards cancel and engine errors, and stays usable after a bad model file', async () => {
    const engine = startClient();
    await engine.loadModel(modelPath, { contextSize: 1024 });
    await expect(engine.loadModel('/nowhere/model.gguf')).rejects.toMatchObject({ name: 'EngineError', code: 'model-load-failed' });
    expect(engine.currentModel()?.path).toBe(modelPath);
    await expect(collect(engine.summarize(request({ mode: 'prompted', style: 'nope' })))).rejects.toMatchObject({ code: 'invalid-request' });

    const abort = new AbortController();
    const events: SummaryEvent[] = [];
    for await (const event of engine.summarize(request({}, { maxTokens: 400 }), abort.signal)) {
      events.push(event);
      if (event.type === 'text') abort.abort();
    }
    const done = doneOf(events);
    expect(done.cancelled).toBe(true);
    expect(done.stats.outputTokens).toBeLessThan(50);
    expect(doneOf(await collect(engine.summarize(request({}, { maxTokens: 3 })))).stats.outputTokens).toBe(3);
  });

  it('reports a crash, restarts the worker, reloads the model and works again', async () => {
    const engine = startClient();
    await engine.loadModel(modelPath, { contextSize: 1024 });
    const firstPid = workers[0].pid!;

    const failure = (async () => {
      for await (const event of engine.summarize(request({}, { maxTokens: 400 }))) {
        if (event.type === 'text') process.kill(firstPid, 'SIGKILL');
      }
    })();
    await expect(failure).rejects.toMatchObject({ name: 'EngineError', code: 'engine-crashed', message: expect.stringMatching(/restarting/) });
    expect(states).toContainEqual(expect.objectContaining({ state: 'crashed', restarting: true }));

    const crashIndex = states.findIndex((s) => s.state === 'crashed');
    const ready = await waitForState(states, (s) => s.state === 'ready', crashIndex);
    expect(ready).toMatchObject({ model: { path: modelPath } });
    expect(workers).toHaveLength(2);
    expect(workers[1].pid).not.toBe(firstPid);
    expect(engine.currentModel()?.path).toBe(modelPath);
    expect(doneOf(await collect(engine.summarize(request({}, { maxTokens: 5 })))).stats.outputTokens).toBe(5);
  });

  it('shuts the worker down on dispose', async () => {
    const engine = startClient();
    await engine.loadModel(modelPath, { contextSize: 512 });
    const exited = new Promise<number | null>((resolve) => workers[0].onExit(resolve));
    await engine.dispose();
    expect(await exited).toBe(0);
    await expect(engine.loadModel(modelPath)).rejects.toMatchObject({ code: 'engine-crashed', message: expect.stringMatching(/shut down/) });
  });
});
