/**
 * The CLI's one-summary job over the real backend (engine scripted): what it prints, and how
 * Ctrl-C / SIGTERM stop it through follow-job.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineError, type SummaryStats } from '../../../src-main/core/engine/types';
import { runSummaryJob, type SummaryOutput } from '../../../src-main/cli/summary-job';
import { createHarness, sampleArticle, sampleSampling, type Harness } from '../ipc/backend-harness';
import { aborted, ScriptedEngine } from '../ipc/scripted-engine';

const request = { article: sampleArticle, mode: 'plain' as const, sampling: sampleSampling };
const partialStats: SummaryStats = { promptTokens: 40, outputTokens: 3, timeToFirstTokenMs: 5, totalMs: 30, chunks: 1 };

function recorder(): SummaryOutput & { printed: string[]; notes: string[] } {
  const printed: string[] = [];
  const notes: string[] = [];
  return { printed, notes, text: (chunk) => void printed.push(chunk), note: (line) => void notes.push(line) };
}

/** An engine that writes a little, then waits to be cancelled and saves what it has. */
const stoppable = () =>
  new ScriptedEngine(async function* (_request, signal) {
    yield { type: 'text', text: 'Half a ' };
    await aborted(signal);
    yield { type: 'done', output: 'Half a ', stats: partialStats, cancelled: true };
  });

describe('cli: runSummaryJob', () => {
  let h: Harness;
  const baseline = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
  afterEach(async () => {
    vi.restoreAllMocks();
    await h?.cleanup();
  });

  it('streams the text to stdout and the long-article progress to stderr, and returns the saved record', async () => {
    h = await createHarness();
    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    const out = recorder();
    const record = await runSummaryJob(h.backend, request, true, out);
    expect(out.printed.join('')).toBe('Thou art summarised.\n');
    expect(out.notes).toEqual(['Long article: 1 of 2 parts summarised', 'Long article: 2 of 2 parts summarised', 'Combining the parts: 1 of 1']);
    expect(record).toMatchObject({ output: 'Thou art summarised.', cancelled: false });
    expect(await h.backend.handle('history.get', { id: record.id })).toEqual(record);
    expect(process.listenerCount('SIGINT')).toBe(baseline.SIGINT);
    expect(process.listenerCount('SIGTERM')).toBe(baseline.SIGTERM);
  });

  it('prints nothing when quiet', async () => {
    h = await createHarness();
    const out = recorder();
    await runSummaryJob(h.backend, request, false, out);
    expect(out.printed).toEqual([]);
    expect(out.notes).toEqual([]);
  });

  it('cancels on SIGTERM and returns the part written so far, saved and flagged', async () => {
    h = await createHarness({ engine: stoppable() });
    const out = recorder();
    const running = runSummaryJob(h.backend, request, true, out);
    await vi.waitUntil(() => out.printed.length > 0);
    process.emit('SIGTERM');
    const record = await running;
    expect(record).toMatchObject({ output: 'Half a ', cancelled: true });
    expect(await h.backend.handle('history.get', { id: record.id })).toEqual(record);
    expect(process.listenerCount('SIGTERM')).toBe(baseline.SIGTERM);
  });

  it('leaves at once on a second Ctrl-C', async () => {
    h = await createHarness({ engine: stoppable() });
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const out = recorder();
    const running = runSummaryJob(h.backend, request, true, out);
    await vi.waitUntil(() => out.printed.length > 0);
    process.emit('SIGINT');
    expect(exit).not.toHaveBeenCalled();
    process.emit('SIGINT');
    expect(exit).toHaveBeenCalledWith(130);
    await expect(running).resolves.toMatchObject({ cancelled: true });
  });

  it('rejects with the engine error message', async () => {
    h = await createHarness({
      engine: new ScriptedEngine(async function* () {
        yield* [];
        throw new EngineError('engine-crashed', 'The engine stopped while summarising.');
      }),
    });
    await expect(runSummaryJob(h.backend, request, true, recorder())).rejects.toThrow('The engine stopped while summarising.');
    expect(process.listenerCount('SIGINT')).toBe(baseline.SIGINT);
  });
});
