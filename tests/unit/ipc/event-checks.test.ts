/**
 * Results and events are checked against the contract before they leave for the renderer: a
 * malformed event is not sent and its job ends with a clear error event; a malformed result
 * becomes an ipc.bad-result error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkEvent, errorEventFor } from '../../../src-main/ipc/event-schemas';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { createHarness, sampleArticle, sampleSampling, type Harness } from './backend-harness';
import { ScriptedEngine } from './scripted-engine';

describe('event checks', () => {
  it('passes the events the backend really sends', () => {
    expect(checkEvent('summary.text', { jobId: 'j', text: 'Thou' })).toEqual({ ok: true });
    expect(checkEvent('engine.state', { state: 'crashed', message: 'It stopped.', restarting: true })).toEqual({ ok: true });
    expect(checkEvent('models.progress', { id: 'tiny', bytes: 10, total: null, speed: 0, etaSeconds: null })).toEqual({ ok: true });
  });

  it.each([
    ['summary.progress', { jobId: 'j', stage: 'compile', done: 0, total: 1 }, /"summary\.progress" event .* at stage/],
    ['engine.state', { state: 'ready' }, /"engine\.state" event .* at model/],
    ['models.state', { id: 'tiny', state: 'exploded' }, /at state/],
    ['sweep.error', { sweepId: 's', code: 'x' }, /at message/],
    ['app.filesOpened', { files: [{ path: '/etc/passwd' }] }, /at files\.0\.handle/],
  ])('refuses a malformed %s, naming the field', (event, payload, problem) => {
    const checked = checkEvent(event, payload);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problem).toMatch(problem);
  });

  it('ends the job of a refused event with its own error event', () => {
    expect(errorEventFor('compare.done', { jobId: 'c1' }, 'Bad.')).toEqual({
      event: 'compare.error',
      payload: { jobId: 'c1', code: 'ipc.bad-event', message: expect.stringMatching(/^Bad\. Steerling stopped waiting/) },
    });
    expect(errorEventFor('sweep.cell', { sweepId: 's1' }, 'Bad.')?.payload).toMatchObject({ sweepId: 's1' });
    expect(errorEventFor('engine.state', { state: 'x' }, 'Bad.')).toBeNull();
    expect(errorEventFor('summary.error', { jobId: 'j' }, 'Bad.')).toBeNull();
  });
});

describe('the backend with a malformed engine event', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('does not send it, and the summary ends with a clear error', async () => {
    const engine = new ScriptedEngine(async function* () {
      yield { type: 'progress', stage: 'reduce-everything', done: 1, total: 2 } as never;
      yield { type: 'text', text: 'Thou' };
      yield { type: 'done', output: 'Thou', stats: { promptTokens: 1, outputTokens: 1, timeToFirstTokenMs: 1, totalMs: 1, chunks: 1 }, cancelled: false };
    });
    h = await createHarness({ engine });
    const { jobId } = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling });
    const error = await h.waitFor('summary.error', jobId);
    expect(error.payload).toMatchObject({ jobId, code: 'ipc.bad-event', message: expect.stringMatching(/"summary\.progress" event did not match the contract at stage/) });
    expect(h.events.some((e) => e.event === 'summary.progress')).toBe(false);
  });
});

describe('the backend with a malformed result', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('refuses to pass it on, naming the field', async () => {
    const engine = new ScriptedEngine();
    engine.loadModel = async (modelPath: string) => ({ id: 'tiny', path: modelPath, nLayer: 4, nEmbd: -1 }) as never;
    h = await createHarness({ engine });
    const refused = await h.backend.handle('models.load', { path: '/models/tiny.gguf' }).catch(toIpcErrorPayload);
    expect(refused).toMatchObject({ code: 'ipc.bad-result', message: expect.stringMatching(/"models\.load" did not match the contract at nEmbd/) });
  });

  it('passes well-formed results through unchanged', async () => {
    h = await createHarness();
    const model = await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    expect(model).toMatchObject({ id: 'tiny', path: '/models/tiny.gguf' });
    expect(await h.backend.handle('articles.fromText', { text: 'One two.' })).toMatchObject({ format: 'pasted', wordCount: 2 });
  });
});
