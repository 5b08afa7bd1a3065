/**
 * Re-hashes a .part file on resume (see download-state.ts for why the hash is recomputed rather
 * than persisted) and checks it against the state's checkpoint on the way.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface PartialHashResult {
  /** Running sha256 of all bytes of the file, ready to be continued with new bytes. */
  hash: Hash;
  bytes: number;
  /** false when the bytes up to the checkpoint do not hash to the recorded value. */
  checkpointMatches: boolean;
}

export async function hashPartialFile(
  path: string,
  checkpoint: { bytes: number; sha256: string },
  onBytes?: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<PartialHashResult> {
  const hash = createHash('sha256');
  let bytes = 0;
  let checkpointDigest: string | null = checkpoint.bytes === 0 ? hash.copy().digest('hex') : null;
  const stream = createReadStream(path, { highWaterMark: 1 << 20, signal });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (checkpointDigest === null && bytes + chunk.length >= checkpoint.bytes) {
      const head = checkpoint.bytes - bytes;
      hash.update(chunk.subarray(0, head));
      checkpointDigest = hash.copy().digest('hex');
      hash.update(chunk.subarray(head));
    } else {
      hash.update(chunk);
    }
    bytes += chunk.length;
    onBytes?.(bytes);
  }
  // A file shorter than its checkpoint lost bytes that were known good: not to be trusted.
  return { hash, bytes, checkpointMatches: checkpointDigest === checkpoint.sha256 };
}

/** sha256 of a whole file, streamed. */
export async function sha256File(path: string, onBytes?: (bytes: number) => void, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    onBytes?.(bytes);
  }
  return hash.digest('hex');
}
