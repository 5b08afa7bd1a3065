/**
 * What survives a pause, a crash or a restart of a download: `<dest>.part` holds the bytes,
 * `<dest>.part.json` the facts needed to continue them safely.
 *
 * Hash state: Node cannot serialise a running sha256, so the hash of the partial bytes is
 * recomputed on resume by streaming the .part file (about 1–2 s per GB). The state keeps a
 * checkpoint instead: the sha256 of the first `verifiedBytes` bytes, written right after those
 * bytes were fsync'ed. Re-hashing passes that offset and compares, which catches a .part file
 * changed behind our back; a mismatch discards the partial file rather than finishing a file that
 * can only fail its final check. Bytes after the checkpoint were written by this app and are kept.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomically } from '../../atomic-write';

const stateSchema = z.object({
  version: z.literal(1),
  url: z.string(),
  /** ETag of the server that sent the bytes (the CDN behind a hub), used for If-Range. */
  etag: z.string().nullable(),
  /** The hub's X-Linked-Etag (Hugging Face: the sha256), which names the file whichever CDN serves it. */
  linkedEtag: z.string().nullable(),
  /** Total size of the file being downloaded, when the server told us. */
  totalBytes: z.number().int().nonnegative().nullable(),
  /** Expected sha256 (catalog or hub), kept so a resumed download checks against the same value. */
  expectedSha256: z.string().nullable(),
  verifiedBytes: z.number().int().nonnegative(),
  verifiedSha256: z.string(),
  updatedAt: z.string(),
});

export type DownloadState = z.infer<typeof stateSchema>;

export function partPath(dest: string): string {
  return `${dest}.part`;
}

export function statePath(dest: string): string {
  return `${dest}.part.json`;
}

/** null when there is no state or it is unreadable (then the .part file cannot be trusted either). */
export async function readDownloadState(dest: string): Promise<DownloadState | null> {
  let text: string;
  try {
    text = await readFile(statePath(dest), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written atomically (core/atomic-write.ts), so a crash leaves the old or the new state, never half. */
export async function writeDownloadState(dest: string, state: Omit<DownloadState, 'version' | 'updatedAt'>): Promise<void> {
  const full: DownloadState = { version: 1, ...state, updatedAt: new Date().toISOString() };
  await writeFileAtomically(statePath(dest), JSON.stringify(full, null, 2));
}

export async function partSize(dest: string): Promise<number> {
  try {
    return (await stat(partPath(dest))).size;
  } catch {
    return 0;
  }
}

/** Removes the partial file and its state (cancel, restart, checksum failure). */
export async function discardPartial(dest: string): Promise<void> {
  await rm(partPath(dest), { force: true });
  await rm(statePath(dest), { force: true });
  await rm(`${statePath(dest)}.tmp`, { force: true });
}
