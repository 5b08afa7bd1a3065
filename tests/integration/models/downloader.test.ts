import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { downloadModel, type DownloadEvent, type DownloadProgress } from '../../../src-main/core/models/download/downloader';
import { ModelDownloadError } from '../../../src-main/core/models/errors';
import type { HubServer } from '../../fixtures/models/hub-server';
import { useHubWithFile } from '../../fixtures/models/hub-with-file';

const SIZE = 3 * 1024 * 1024 + 5; // not a multiple of any chunk size
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

let hub: HubServer;
let dir: string;
let content: Buffer;
let file: { url: string; sha256: string };

const setup = useHubWithFile({ size: SIZE, seed: 7, dirPrefix: 'models-dl-' });
// Registered after the fixture's hook, so it runs after it: plain names read better in the tests.
beforeEach(() => {
  ({ hub, dir, content, file } = setup);
});

async function rejection(promise: Promise<unknown>): Promise<ModelDownloadError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelDownloadError);
  return error as ModelDownloadError;
}

const cdnRequests = () => hub.requests.filter((r) => r.server === 'cdn');

describe('downloadModel', () => {
  it('downloads the file, reports progress and checks the hub’s X-Linked-Etag sha256', async () => {
    const dest = join(dir, 'model.gguf');
    const progress: DownloadProgress[] = [];
    const result = await downloadModel({ url: file.url, dest, progressIntervalMs: 0, onProgress: (p) => progress.push(p) });

    expect(readFileSync(dest).equals(content)).toBe(true);
    expect(result).toMatchObject({ path: dest, sizeBytes: SIZE, sha256: file.sha256, verifiedAgainst: 'server', resumedFromBytes: 0 });
    expect(readdirSync(dir)).toEqual(['model.gguf']); // no .part or state left behind
    expect(progress[0].bytes).toBe(0);
    expect(progress.at(-1)).toMatchObject({ bytes: SIZE, total: SIZE });
    for (let i = 1; i < progress.length; i++) expect(progress[i].bytes).toBeGreaterThanOrEqual(progress[i - 1].bytes);
    expect(progress.length).toBeGreaterThan(3);
    for (const p of progress) {
      expect(p.speed).toBeGreaterThanOrEqual(0);
      if (p.etaSeconds !== null) expect(p.etaSeconds).toBeGreaterThanOrEqual(0);
    }
  });

  it('checks the caller’s expected sha256 and size when given', async () => {
    const dest = join(dir, 'model.gguf');
    const result = await downloadModel({ url: file.url, dest, expectedSha256: file.sha256, expectedSize: SIZE });
    expect(result.verifiedAgainst).toBe('expected');
    expect(readFileSync(dest).equals(content)).toBe(true);
  });

  it('deletes the file and says so when the sha256 does not match', async () => {
    const dest = join(dir, 'model.gguf');
    const error = await rejection(downloadModel({ url: file.url, dest, expectedSha256: 'ab'.repeat(32) }));
    expect(error.code).toBe('checksum');
    expect(error.message).toMatch(/deleted/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a file whose size is not the expected one', async () => {
    const error = await rejection(downloadModel({ url: file.url, dest: join(dir, 'm.gguf'), expectedSize: SIZE + 1 }));
    expect(error.code).toBe('protocol');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('retries server errors with backoff, then succeeds', async () => {
    hub.faults.failTimes = 3;
    const events: DownloadEvent[] = [];
    const dest = join(dir, 'model.gguf');
    await downloadModel({ url: file.url, dest, retry: FAST_RETRY, onEvent: (e) => events.push(e) });
    const retries = events.filter((e) => e.type === 'retrying');
    expect(retries.map((e) => e.type === 'retrying' && e.attempt)).toEqual([1, 2, 3]);
    expect(readFileSync(dest).equals(content)).toBe(true);
    expect(cdnRequests().map((r) => r.status)).toEqual([500, 500, 500, 200]);
  });

  it('gives up after a bounded number of retries with a clear error', async () => {
    hub.faults.failTimes = 1000;
    hub.faults.failStatus = 503;
    const error = await rejection(downloadModel({ url: file.url, dest: join(dir, 'm.gguf'), retry: { ...FAST_RETRY, maxRetries: 2 } }));
    expect(error.code).toBe('http-status');
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/503/);
    expect(cdnRequests()).toHaveLength(3);
  });

  it('continues a dropped connection with a Range request for the missing bytes only', async () => {
    hub.faults.dropAfterBytes = 1_000_000;
    hub.faults.dropTimes = 1;
    const dest = join(dir, 'model.gguf');
    const result = await downloadModel({ url: file.url, dest, retry: FAST_RETRY, checkpointBytes: 256 * 1024 });
    expect(readFileSync(dest).equals(content)).toBe(true);
    expect(result.sha256).toBe(file.sha256);
    const [first, second] = cdnRequests();
    expect(first.range).toBeNull();
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(second.range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(1_000_000);
    expect(second.status).toBe(206);
    expect(second.ifRange).toMatch(/^"[0-9a-f]{32}"$/); // the CDN's own ETag, not the hub's sha256
    expect(second.sentBytes).toBe(SIZE - resumedAt);
  });

  it('restarts from 0 when the server ignores Range (200 instead of 206)', async () => {
    const dest = join(dir, 'model.gguf');
    hub.faults.dropAfterBytes = 1_000_000;
    hub.faults.dropTimes = 1;
    hub.faults.ignoreRange = true;
    const events: DownloadEvent[] = [];
    await downloadModel({ url: file.url, dest, retry: FAST_RETRY, onEvent: (e) => events.push(e) });
    expect(readFileSync(dest).equals(content)).toBe(true);
    const restart = events.find((e) => e.type === 'restarting');
    expect(restart).toMatchObject({ type: 'restarting', reason: 'range-ignored' });
    expect(cdnRequests().map((r) => r.status)).toEqual([200, 200]);
    expect(cdnRequests()[1].range).not.toBeNull();
  });

  it('stops before writing anything when the disk is too small', async () => {
    const dest = join(dir, 'sub', 'model.gguf');
    const error = await rejection(downloadModel({ url: file.url, dest, freeSpace: async () => 1_000_000, spaceMargin: 0 }));
    expect(error.code).toBe('disk-full');
    expect(error.message).toMatch(/Not enough free disk space.*3\.1 MB.*1\.0 MB/);
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
  });

  it('checks the space with the known size before the first request', async () => {
    const error = await rejection(
      downloadModel({ url: file.url, dest: join(dir, 'm.gguf'), expectedSize: SIZE, freeSpace: async () => SIZE, spaceMargin: 10 }),
    );
    expect(error.code).toBe('disk-full');
    expect(hub.requests).toHaveLength(0);
  });

  it('reports a missing file as not-found without retrying', async () => {
    const error = await rejection(downloadModel({ url: `${hub.url}/nobody/none/resolve/main/x.gguf`, dest: join(dir, 'x.gguf'), retry: FAST_RETRY }));
    expect(error.code).toBe('not-found');
    expect(hub.requests).toHaveLength(1);
  });

  it('sends the access token to the hub only, and never puts it in errors or events', async () => {
    const token = 'hf_secretTOKEN123';
    hub.faults.requireToken = token;
    const events: DownloadEvent[] = [];
    const refused = await rejection(downloadModel({ url: file.url, dest: join(dir, 'a.gguf'), token: 'hf_wrong' }));
    expect(refused.code).toBe('http-status');
    expect(refused.message).toMatch(/access token/);
    expect(refused.message).not.toContain('hf_wrong');

    hub.faults.dropAfterBytes = 500_000;
    hub.faults.dropTimes = 1;
    const dest = join(dir, 'b.gguf');
    await downloadModel({ url: file.url, dest, token: async () => token, retry: FAST_RETRY, onEvent: (e) => events.push(e) });
    expect(readFileSync(dest).equals(content)).toBe(true);
    const hubCalls = hub.requests.filter((r) => r.server === 'hub' && r.status === 302);
    expect(hubCalls.length).toBe(2);
    for (const call of hubCalls) expect(call.authorization).toBe(`Bearer ${token}`);
    for (const call of cdnRequests()) expect(call.authorization).toBeNull();
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('refuses a plain server without hash headers before writing, unless an unverified file is accepted', async () => {
    hub.faults.noHashHeaders = true;
    const dest = join(dir, 'plain.gguf');
    const refused = await rejection(downloadModel({ url: file.url, dest }));
    expect(refused.code).toBe('unverified');
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);

    const result = await downloadModel({ url: file.url, dest, acceptUnverified: true });
    expect(result.verifiedAgainst).toBeNull();
    expect(result.sha256).toBe(file.sha256);
    expect(existsSync(dest)).toBe(true);
  });
});
