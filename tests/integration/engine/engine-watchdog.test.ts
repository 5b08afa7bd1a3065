/**
 * A hung engine process (stopped with SIGSTOP, so it answers nothing, not even a ping) is found by
 * the client's watchdog: the summary fails with a clear engine-hung error and keeps what it had
 * written, earlier history stays, and the worker restarts with the model reloaded.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../../src-main/core/worker/engine-client';
import { forkEngineTransport } from '../../../src-main/core/worker/fork-transport';
import { createAppBackend } from '../../../src-main/backend/app-backend';
import type { AppBackend } from '../../../src-main/backend/backend';
import type { AppEvent, EngineState, EventPayloads } from '../../../src-main/ipc/contract';
import { trustedPaths } from '../../../src-main/backend/path-access';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { answeringDialogs } from '../../unit/ipc/backend-harness';
import { THREADS } from './helpers';

let dataDir: string;
let backend: AppBackend;
let modelPath: string;
let engine: EngineClient;
const pids: (number | undefined)[] = [];
const events: AppEvent[] = [];

const article = { title: 'Bridge', text: 'The council approved a new bridge on Tuesday.\n\nWork starts in March, officials said.', source: 'bridge.txt', wordCount: 14, format: 'txt' as const };
const sampling = { temperature: 0.8, topP: 0.9, seed: 3, maxTokens: 12, repeatPenalty: 1.1 };

function until<E extends AppEvent['event']>(event: E, matches: (payload: EventPayloads[E]) => boolean = () => true, from = 0): Promise<EventPayloads[E]> {
  return new Promise((resolve) => {
    const check = () => {
      const found = events.slice(from).find((e) => e.event === event && matches(e.payload as EventPayloads[E]));
      if (found) resolve(found.payload as EventPayloads[E]);
      else setTimeout(check, 20);
    };
    check();
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'steerling-watchdog-'));
  modelPath = await createTinyModel();
  // Short limits so the test does not wait long; the app's defaults are 30 s and 10 minutes.
  engine = new EngineClient(
    () => {
      const transport = forkEngineTransport({ threads: THREADS, gpu: false });
      pids.push(transport.pid);
      return transport;
    },
    { hangTimeoutMs: 2000, stallTimeoutMs: 0 },
  );
  backend = createAppBackend({ dataDir, engine, dialogs: answeringDialogs({}), paths: trustedPaths, shell: 'bridge', version: '0' });
  backend.onEvent((event, payload) => events.push({ event, payload } as AppEvent));
  await backend.handle('models.load', { path: modelPath, contextSize: 1024 });
});

afterAll(async () => {
  await backend?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

describe('engine watchdog', () => {
  it('stops a hung worker with a clear error, keeps the history and the partial summary, and restarts', async () => {
    const first = await backend.handle('summary.start', { article, mode: 'plain', sampling });
    const kept = await until('summary.done', (p) => p.jobId === first.jobId);

    const hung = await backend.handle('summary.start', { article, mode: 'plain', sampling: { ...sampling, maxTokens: 4000 } });
    await until('summary.text', (p) => p.jobId === hung.jobId);
    const stopped = pids[0]!;
    process.kill(stopped, 'SIGSTOP');

    const error = await until('summary.error', (p) => p.jobId === hung.jobId);
    expect(error.code).toBe('engine.engine-hung');
    expect(error.message).toMatch(/stopped responding \(no answer for 2 s\).*restarting and will reload your model.*saved in the history/);
    const states = events.flatMap((e) => (e.event === 'engine.state' ? [e.payload as EngineState] : []));
    expect(states).toContainEqual(expect.objectContaining({ state: 'crashed', restarting: true }));

    // The stopped process was killed (a signal 0 probe fails), and a new one runs with the model.
    expect(() => process.kill(stopped, 0)).toThrow();
    await until('engine.state', (s) => s.state === 'ready' && s.model?.path === modelPath, events.findIndex((e) => e.event === 'engine.state' && e.payload.state === 'crashed'));
    expect(pids).toHaveLength(2);

    const history = await backend.handle('history.list', {});
    expect(history.total).toBe(2);
    const partial = history.items.find((item) => item.id !== kept.record.id)!;
    expect(await backend.handle('history.get', { id: kept.record.id })).toMatchObject({ output: kept.record.output, cancelled: false });
    const partialRecord = await backend.handle('history.get', { id: partial.id });
    expect(partialRecord.cancelled).toBe(true);
    expect(partialRecord.output.length).toBeGreaterThan(0);

    const after = await backend.handle('summary.start', { article, mode: 'plain', sampling });
    expect((await until('summary.done', (p) => p.jobId === after.jobId)).record.output.length).toBeGreaterThan(0);
  });

  it('refuses, in the worker itself, to load a model under a running summary', async () => {
    const abort = new AbortController();
    let refused: unknown;
    for await (const event of engine.summarize({ article, mode: 'plain', sampling: { ...sampling, maxTokens: 4000 } }, abort.signal)) {
      if (event.type !== 'text' || refused) continue;
      refused = await engine.loadModel(modelPath).catch((error: unknown) => error);
      abort.abort();
    }
    expect(refused).toMatchObject({ name: 'EngineError', code: 'busy', message: expect.stringMatching(/before loading another model/) });
    expect(engine.currentModel()?.path).toBe(modelPath);
  });
});
