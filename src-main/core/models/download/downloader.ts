/**
 * Downloads one model file so that no progress is ever lost.
 *
 * - Bytes go to `<dest>.part`; facts to continue them go to `<dest>.part.json` (download-state.ts).
 *   A pause, a cancelled signal, a crash or a restart of the app all continue from the bytes on
 *   disk with an HTTP Range request (If-Range with the file's ETag, so a changed file restarts).
 * - A server that ignores Range (200 instead of 206) or whose file changed restarts cleanly from 0.
 * - Network errors, 5xx and 429 are retried with bounded exponential backoff (retry-policy.ts).
 * - Free space is checked (statfs) before any byte is written.
 * - The sha256 is computed while streaming and checked before the file is renamed into place; a
 *   mismatch deletes the file. Expected hash: the caller's (catalog), else the hub's X-Linked-Etag.
 * - A signal abort throws `cancelled` and keeps the partial file; `discardPartial` removes it.
 * - One download per file at a time (`<dest>.part.lock`, taken over when its process died).
 */
import { createHash, type Hash } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensureFreeSpace, type FreeSpaceProbe } from './disk-space';
import { acquireDownloadLock } from './download-lock';
import { discardPartial, partPath, partSize, readDownloadState, writeDownloadState } from './download-state';
import { ModelDownloadError, formatBytes } from '../errors';
import { cancelled, classifyFailure, io, protocolError, RetryableFailure, statusError } from './download-failures';
import { isWeakEtag, parseContentLength, parseContentRange, parseRetryAfter, sha256FromEtag } from './http-headers';
import { hubGet, type AccessTokenProvider } from './hub-request';
import { hashPartialFile } from './partial-hash';
import { ProgressMeter, type DownloadProgress } from './progress-meter';
import { DEFAULT_RETRY, backoffDelay, sleep, type RetryOptions } from './retry-policy';

export type { DownloadProgress } from './progress-meter';

export type RestartReason = 'no-state' | 'range-ignored' | 'file-changed' | 'partial-corrupt' | 'range-not-satisfiable';

export type DownloadEvent =
  | { type: 'rehashing'; bytes: number; total: number }
  | { type: 'resuming'; fromBytes: number }
  | { type: 'restarting'; reason: RestartReason; discardedBytes: number }
  | { type: 'retrying'; attempt: number; delayMs: number; reason: string };

export interface DownloadModelOptions {
  url: string;
  /** Final path of the model file; the folder is created if needed. */
  dest: string;
  expectedSize?: number | null;
  /** Lowercase hex; when absent the hub's X-Linked-Etag / ETag is used if it is a sha256. */
  expectedSha256?: string | null;
  /**
   * Download even when no sha256 is known (none given, none from the server); otherwise such a
   * file is refused before any byte is written. Only on the writer's explicit say-so.
   */
  acceptUnverified?: boolean;
  /** Bearer token for gated or private files, sent to the hub's own origin only, never logged. */
  token?: string | AccessTokenProvider;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  onEvent?: (event: DownloadEvent) => void;
  retry?: RetryOptions;
  /** Free-space probe; statfs by default. */
  freeSpace?: FreeSpaceProbe;
  spaceMargin?: number;
  /** fsync + state checkpoint every this many bytes. Default 32 MiB. */
  checkpointBytes?: number;
  /** Least time between progress callbacks. Default 250 ms. */
  progressIntervalMs?: number;
}

export interface DownloadResult {
  path: string;
  sizeBytes: number;
  sha256: string;
  /** Where the hash that was checked came from; null when there was none to check against. */
  verifiedAgainst: 'expected' | 'server' | null;
  /** Bytes that were already on disk when this call started. */
  resumedFromBytes: number;
}

const MAX_RESTARTS = 4;

export async function downloadModel(options: DownloadModelOptions): Promise<DownloadResult> {
  await io(() => mkdir(dirname(options.dest), { recursive: true }));
  const release = await acquireDownloadLock(options.dest);
  try {
    return await runDownload(options);
  } finally {
    await release().catch(() => undefined);
  }
}

async function runDownload(options: DownloadModelOptions): Promise<DownloadResult> {
  const { url, dest, signal } = options;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const checkpointBytes = options.checkpointBytes ?? 32 * 1024 * 1024;
  const interval = options.progressIntervalMs ?? 250;
  const emit = (event: DownloadEvent) => options.onEvent?.(event);
  const dir = dirname(dest);

  let expectedSha = options.expectedSha256?.toLowerCase() ?? null;
  let shaSource: DownloadResult['verifiedAgainst'] = expectedSha ? 'expected' : null;
  let total: number | null = options.expectedSize ?? null;
  let etag: string | null = null;
  let linked: string | null = null;
  let hash: Hash = createHash('sha256');
  let offset = 0;

  // 1. Take over what an earlier run left, if it can be trusted.
  const existing = await partSize(dest);
  const state = existing > 0 ? await readDownloadState(dest) : null;
  let restartReason: RestartReason | null = existing > 0 && !state ? 'no-state' : null;
  if (state && existing > 0) {
    const shaConflict = expectedSha && state.expectedSha256 && expectedSha !== state.expectedSha256;
    const sizeConflict = (total !== null && state.totalBytes !== null && total !== state.totalBytes) || (state.totalBytes !== null && existing > state.totalBytes);
    if (shaConflict || sizeConflict) restartReason = 'file-changed';
    else {
      const rehashed = await hashPartialFile(
        partPath(dest),
        { bytes: state.verifiedBytes, sha256: state.verifiedSha256 },
        (bytes) => emit({ type: 'rehashing', bytes, total: existing }),
        signal,
      ).catch((cause) => {
        if (signal?.aborted) throw cancelled(cause);
        throw new ModelDownloadError('io', 'The partly downloaded model file cannot be read.', { cause });
      });
      if (!rehashed.checkpointMatches) restartReason = 'partial-corrupt';
      else {
        ({ hash, bytes: offset } = rehashed);
        etag = state.etag;
        linked = state.linkedEtag;
        total ??= state.totalBytes;
        if (!expectedSha && state.expectedSha256) {
          expectedSha = state.expectedSha256;
          shaSource = 'server';
        }
        emit({ type: 'resuming', fromBytes: offset });
      }
    }
  }
  if (restartReason) {
    emit({ type: 'restarting', reason: restartReason, discardedBytes: existing });
    await io(() => discardPartial(dest));
  }
  const resumedFromBytes = offset;
  if (total !== null) await ensureFreeSpace(dir, total - offset, options.freeSpace, options.spaceMargin);

  const meter = new ProgressMeter(offset);
  const report = (force = false) => {
    if (options.onProgress && (force || meter.shouldEmit(interval))) options.onProgress(meter.update(offset, total));
  };
  report(true);

  const restartFromZero = async (reason: RestartReason) => {
    emit({ type: 'restarting', reason, discardedBytes: offset });
    await io(() => discardPartial(dest));
    hash = createHash('sha256');
    offset = 0;
    etag = null;
    linked = null;
    meter.reset(0);
    // A hash learnt from the server belonged to the old file; the new response brings its own.
    if (shaSource === 'server') {
      expectedSha = null;
      shaSource = null;
    }
  };

  // 2. Fetch until every byte is on disk.
  let failures = 0;
  let restarts = 0;
  for (;;) {
    if (signal?.aborted) throw cancelled(signal.reason);
    let received = 0;
    let handle: FileHandle | null = null;
    try {
      const headers: Record<string, string> = { 'accept-encoding': 'identity' };
      if (offset > 0) {
        headers.range = `bytes=${offset}-`;
        if (etag && !isWeakEtag(etag)) headers['if-range'] = etag;
      }
      const { response, linkedEtag, linkedSize } = await hubGet({ url, token: options.token, headers, signal });
      const responseEtag = response.headers.get('etag');
      // Either validator changing means the bytes on disk belong to another version of the file.
      const changed =
        (linked !== null && linkedEtag !== null && linked !== linkedEtag) || (etag !== null && responseEtag !== null && etag !== responseEtag);

      if (response.status === 416 && offset > 0) {
        await response.body?.cancel();
        if (total !== null && offset === total) break; // everything was already here
        if (++restarts > MAX_RESTARTS) throw protocolError('keeps refusing the requested part of the file');
        await restartFromZero('range-not-satisfiable');
        continue;
      }
      if (response.status !== 200 && response.status !== 206) {
        await response.body?.cancel();
        throw statusError(response.status, parseRetryAfter(response.headers.get('retry-after')));
      }

      let bodyTotal: number | null;
      if (response.status === 206) {
        const range = parseContentRange(response.headers.get('content-range'));
        if (!range || range.start !== offset || changed) {
          await response.body?.cancel();
          if (++restarts > MAX_RESTARTS) throw protocolError('sends parts of the file that do not match');
          await restartFromZero(changed ? 'file-changed' : 'range-ignored');
          continue;
        }
        bodyTotal = range.total;
      } else {
        if (offset > 0) {
          if (++restarts > MAX_RESTARTS) throw protocolError('cannot continue a download');
          await restartFromZero(changed ? 'file-changed' : 'range-ignored');
        }
        bodyTotal = parseContentLength(response.headers.get('content-length')) ?? linkedSize;
      }

      if (bodyTotal !== null) {
        if (options.expectedSize != null && bodyTotal !== options.expectedSize) {
          await response.body?.cancel();
          throw protocolError(`offers a file of ${formatBytes(bodyTotal)}, not the expected ${formatBytes(options.expectedSize)}`);
        }
        total = bodyTotal;
      }
      etag = responseEtag;
      linked = linkedEtag;
      if (!expectedSha) {
        expectedSha = sha256FromEtag(linkedEtag) ?? sha256FromEtag(response.headers.get('etag'));
        if (expectedSha) shaSource = 'server';
      }
      if (!expectedSha && !options.acceptUnverified) {
        await response.body?.cancel();
        throw new ModelDownloadError(
          'unverified',
          'The download server gives no checksum for this file and none is pinned in the model list, so Steerling cannot check ' +
            'it is the real file and did not download it. Use a server that gives checksums, or, only if you trust this server, ' +
            'download it without a check (in the terminal: steerling models download --accept-unverified).',
        );
      }
      if (total !== null) await ensureFreeSpace(dir, total - offset, options.freeSpace, options.spaceMargin);

      handle = await io(() => open(partPath(dest), offset === 0 ? 'w' : 'r+'));
      if (offset === 0) await checkpoint(handle);
      await io(() => handle!.truncate(offset));
      let sinceCheckpoint = 0;
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        await io(() => handle!.write(value, 0, value.length, offset));
        hash.update(value);
        offset += value.length;
        received += value.length;
        sinceCheckpoint += value.length;
        if (total !== null && offset > total) throw protocolError('sent more bytes than the file has');
        if (sinceCheckpoint >= checkpointBytes) {
          await checkpoint(handle);
          sinceCheckpoint = 0;
        }
        report();
      }
      if (total !== null && offset < total) throw new RetryableFailure(`the connection closed after ${formatBytes(offset)}`);
      await checkpoint(handle);
      break;
    } catch (error) {
      if (handle) await checkpoint(handle).catch(() => undefined);
      if (signal?.aborted) throw cancelled(signal.reason);
      const failure = classifyFailure(error);
      if (failure instanceof ModelDownloadError) throw failure;
      if (received > 0) failures = 0;
      failures++;
      if (failures > retry.maxRetries) throw failure.exhausted(retry.maxRetries);
      const delayMs = failure.retryAfterMs ?? backoffDelay(failures, retry);
      emit({ type: 'retrying', attempt: failures, delayMs, reason: failure.message });
      await sleep(delayMs, signal).catch((reason) => {
        throw cancelled(reason);
      });
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  // 3. Verify, then move into place in one rename.
  total ??= offset;
  report(true);
  const sha256 = hash.digest('hex');
  if (expectedSha && sha256 !== expectedSha) {
    await discardPartial(dest).catch(() => undefined);
    throw new ModelDownloadError(
      'checksum',
      'The downloaded model file is damaged (its checksum does not match), so it was deleted. Please download it again.',
    );
  }
  await io(() => rename(partPath(dest), dest));
  await rm(`${dest}.part.json`, { force: true });
  return { path: dest, sizeBytes: offset, sha256, verifiedAgainst: expectedSha ? shaSource : null, resumedFromBytes };

  /** fsync the bytes, then record them (and the hash so far) as known good. */
  async function checkpoint(file: FileHandle): Promise<void> {
    await io(() => file.sync());
    await io(() =>
      writeDownloadState(dest, {
        url,
        etag,
        linkedEtag: linked,
        totalBytes: total,
        expectedSha256: expectedSha,
        verifiedBytes: offset,
        verifiedSha256: hash.copy().digest('hex'),
      }),
    );
  }
}

export { discardPartial } from './download-state';
