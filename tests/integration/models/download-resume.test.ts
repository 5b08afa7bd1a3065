import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, readdirSync, statSync, writeSync, closeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readDownloadState } from '../../../src-main/core/models/download/download-state';
import { ModelDownloadTask } from '../../../src-main/core/models/download/download-task';
import { downloadModel, type DownloadEvent } from '../../../src-main/core/models/download/downloader';
import { ModelDownloadError } from '../../../src-main/core/models/errors';
import { generateModelBytes, type HubServer } from '../../fixtures/models/hub-server';
import { useHubWithFile } from '../../fixtures/models/hub-with-file';

const SIZE = 4 * 1024 * 1024 + 3;
const CHILD = resolve('tests/fixtures/models/download-child.ts');

let hub: HubServer;
let dir: string;
let content: Buffer;
let file: { url: string; sha256: string };

const setup = useHubWithFile({ size: SIZE, seed: 3, dirPrefix: 'models-resume-' });
// Registered after the fixture's hook, so it runs after it: plain names read better in the tests.
beforeEach(() => {
  ({ hub, dir, content, file } = setup);
});

/** A partial download: the connection drops after `bytes` and no retry is allowed. */
async function leavePartial(dest: string, bytes: number): Promise<number> {
  hub.faults.dropAfterBytes = bytes;
  hub.faults.dropTimes = 1;
  const error = await downloadModel({ url: file.url, dest, retry: { maxRetries: 0 }, checkpointBytes: 256 * 1024 }).catch((e) => e);
  expect(error).toBeInstanceOf(ModelDownloadError);
  expect((error as ModelDownloadError).code).toBe('network');
  return statSync(`${dest}.part`).size;
}

describe('resuming downloads', () => {
  it('continues after the downloading process was killed (SIGKILL), byte-identical and verified', async () => {
    const dest = join(dir, 'model.gguf');
    hub.faults.bytesPerSecond = 1_500_000;
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ url: file.url, dest, checkpointBytes: 256 * 1024 })], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    // Kill it once a third of the file is on disk.
    await new Promise<void>((done, fail) => {
      let buffer = '';
      child.stdout.on('data', (data) => {
        buffer += data;
        const last = [...buffer.matchAll(/bytes (\d+)/g)].at(-1);
        if (last && Number(last[1]) >= SIZE / 3) done();
        if (buffer.includes('done')) fail(new Error('the child finished before it could be killed'));
      });
      child.on('exit', () => fail(new Error(`the child exited early: ${stderr}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const partial = statSync(`${dest}.part`).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(SIZE);
    expect(existsSync(dest)).toBe(false);
    const state = await readDownloadState(dest);
    expect(state?.verifiedBytes).toBeGreaterThan(0);

    hub.faults.bytesPerSecond = null;
    const events: DownloadEvent[] = [];
    const result = await downloadModel({ url: file.url, dest, onEvent: (e) => events.push(e) });
    expect(result.resumedFromBytes).toBe(partial);
    expect(result.verifiedAgainst).toBe('server');
    expect(readFileSync(dest).equals(content)).toBe(true);
    expect(events).toContainEqual({ type: 'resuming', fromBytes: partial });
    const last = hub.requests.filter((r) => r.server === 'cdn').at(-1)!;
    expect(last.range).toBe(`bytes=${partial}-`);
    expect(last.sentBytes).toBe(SIZE - partial);
    expect(readdirSync(dir)).toEqual(['model.gguf']);
  });

  it('pauses and resumes a download task without losing bytes', async () => {
    const dest = join(dir, 'model.gguf');
    hub.faults.bytesPerSecond = 2_000_000;
    let reachedMiddle!: () => void;
    const middle = new Promise<void>((done) => (reachedMiddle = done));
    const task = new ModelDownloadTask({
      url: file.url,
      dest,
      progressIntervalMs: 0,
      onProgress: (p) => p.bytes > SIZE / 4 && reachedMiddle(),
    });
    const first = task.start();
    await middle;
    await task.pause();
    expect(await first).toEqual({ status: 'paused' });
    expect(task.state).toBe('paused');
    const paused = statSync(`${dest}.part`).size;
    expect(paused).toBeGreaterThan(SIZE / 4);

    hub.faults.bytesPerSecond = null;
    const outcome = await task.resume();
    expect(task.state).toBe('completed');
    expect(outcome.status === 'completed' && outcome.result.resumedFromBytes).toBe(paused);
    expect(readFileSync(dest).equals(content)).toBe(true);
    expect(hub.requests.filter((r) => r.server === 'cdn').at(-1)!.range).toBe(`bytes=${paused}-`);
  });

  it('cancelling a task deletes the partial file', async () => {
    const dest = join(dir, 'model.gguf');
    hub.faults.bytesPerSecond = 1_000_000;
    let started!: () => void;
    const gotBytes = new Promise<void>((done) => (started = done));
    const task = new ModelDownloadTask({ url: file.url, dest, progressIntervalMs: 0, onProgress: (p) => p.bytes > 0 && started() });
    const running = task.start();
    await gotBytes;
    await task.cancel();
    const error = await running.catch((e) => e);
    expect(error).toBeInstanceOf(ModelDownloadError);
    expect(error.code).toBe('cancelled');
    expect(error.message).toMatch(/deleted/);
    expect(task.state).toBe('cancelled');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an aborted signal keeps the partial file for later', async () => {
    const dest = join(dir, 'model.gguf');
    hub.faults.bytesPerSecond = 1_000_000;
    const controller = new AbortController();
    const error = await downloadModel({
      url: file.url,
      dest,
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (p) => p.bytes > 300_000 && controller.abort(),
    }).catch((e) => e);
    expect((error as ModelDownloadError).code).toBe('cancelled');
    const state = await readDownloadState(dest);
    expect(state?.verifiedBytes).toBe(statSync(`${dest}.part`).size); // checkpointed on the way out
  });

  it('restarts when the file on the server changed since the partial download', async () => {
    const dest = join(dir, 'model.gguf');
    await leavePartial(dest, 1_000_000);
    const newer = generateModelBytes(SIZE - 100, 99);
    const replaced = hub.addFile('TheBloke/Test-GGUF', 'main', 'test.Q4_K_M.gguf', newer);
    hub.faults.dropTimes = 0;
    const events: DownloadEvent[] = [];
    const result = await downloadModel({ url: file.url, dest, onEvent: (e) => events.push(e) });
    expect(events).toContainEqual(expect.objectContaining({ type: 'restarting', reason: 'file-changed' }));
    expect(result.sha256).toBe(replaced.sha256);
    expect(result.verifiedAgainst).toBe('server');
    expect(readFileSync(dest).equals(newer)).toBe(true);
  });

  it('discards a partial file whose verified bytes were changed on disk', async () => {
    const dest = join(dir, 'model.gguf');
    await leavePartial(dest, 1_500_000);
    const fd = openSync(`${dest}.part`, 'r+');
    writeSync(fd, Buffer.from([0xde, 0xad]), 0, 2, 1000);
    closeSync(fd);
    hub.faults.dropTimes = 0;
    const events: DownloadEvent[] = [];
    const result = await downloadModel({ url: file.url, dest, onEvent: (e) => events.push(e) });
    expect(events).toContainEqual(expect.objectContaining({ type: 'restarting', reason: 'partial-corrupt' }));
    expect(result.resumedFromBytes).toBe(0);
    expect(readFileSync(dest).equals(content)).toBe(true);
  });

  it('refuses a second download of the same file while the first runs', async () => {
    const dest = join(dir, 'model.gguf');
    hub.faults.bytesPerSecond = 2_000_000;
    let started!: () => void;
    const gotBytes = new Promise<void>((done) => (started = done));
    const first = downloadModel({ url: file.url, dest, progressIntervalMs: 0, onProgress: (p) => p.bytes > 0 && started() });
    await gotBytes;
    const second = await downloadModel({ url: file.url, dest }).catch((e) => e);
    expect(second).toBeInstanceOf(ModelDownloadError);
    expect(second.code).toBe('in-progress');
    hub.faults.bytesPerSecond = null;
    await first;
    expect(readFileSync(dest).equals(content)).toBe(true);
    expect(readdirSync(dir)).toEqual(['model.gguf']);
  });

  it('restarts from 0 when a partial file has no state next to it', async () => {
    const dest = join(dir, 'model.gguf');
    await leavePartial(dest, 800_000);
    await rm(`${dest}.part.json`);
    hub.faults.dropTimes = 0;
    const events: DownloadEvent[] = [];
    await downloadModel({ url: file.url, dest, onEvent: (e) => events.push(e) });
    expect(events[0]).toMatchObject({ type: 'restarting', reason: 'no-state' });
    expect(readFileSync(dest).equals(content)).toBe(true);
    expect(hub.requests.filter((r) => r.server === 'cdn').at(-1)!.range).toBeNull();
  });
});
