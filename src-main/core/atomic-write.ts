/**
 * The one way Steerling replaces a file: write a temporary file with a name of its own beside the
 * target, fsync it, rename it over the target (atomic within one folder), then fsync the folder so
 * the rename itself survives a power cut. A reader (or a crash) sees the old file or the complete
 * new one, never a torn mix, and two writers never share a temporary file.
 *
 * Errors are the file system's own (with `.code`), after the temporary file is removed; each domain
 * turns them into its own typed error.
 */
import { randomUUID } from 'node:crypto';
import * as fsSync from 'node:fs';
import * as fs from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** The few file operations an atomic write needs; tests swap in failing ones (full disk). */
export interface AtomicWriteIo {
  open(path: string, flags: 'wx', mode?: number): Promise<WritableFile>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** Makes the rename itself durable; may be unsupported (Windows) and then does nothing. */
  syncFolder(path: string): Promise<void>;
}

export interface WritableFile {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface AtomicWriteOptions {
  /** Permissions of a newly created file (default 0o644; 0o600 for a file holding a secret). */
  mode?: number;
  io?: AtomicWriteIo;
}

export const nodeIo: AtomicWriteIo = {
  open: (path, flags, mode) => fs.open(path, flags, mode ?? 0o644),
  rename: (from, to) => fs.rename(from, to),
  remove: (path) => fs.rm(path, { force: true }),
  syncFolder: async (path) => {
    try {
      const folder = await fs.open(path, 'r');
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    } catch {
      // Folders cannot be opened or synced on some platforms; the data itself is already synced.
    }
  },
};

/** A name no other writer (another call, another process) will pick: dot-prefixed so listings skip it. */
export function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomUUID().slice(0, 8)}.tmp`);
}

/** Replaces `path` with `data` atomically and durably; returns the absolute path written. */
export async function writeFileAtomically(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<string> {
  const io = options.io ?? nodeIo;
  const target = resolve(path);
  const temp = temporaryPathFor(target);
  let file: WritableFile | undefined;
  let created = false;
  try {
    file = await io.open(temp, 'wx', options.mode ?? 0o644);
    created = true;
    await file.writeFile(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    await file.sync();
    const opened = file;
    file = undefined;
    await opened.close();
    await io.rename(temp, target);
  } catch (error) {
    await file?.close().catch(() => undefined);
    // Only a file this call created is removed: 'wx' failing means the name was someone else's.
    if (created) await io.remove(temp).catch(() => undefined);
    throw error;
  }
  await io.syncFolder(dirname(target));
  return target;
}

/** The same, for the few callers that must finish before returning (settings saved on quit). */
export function writeFileAtomicallySync(path: string, data: Uint8Array | string, options: { mode?: number } = {}): string {
  const target = resolve(path);
  const temp = temporaryPathFor(target);
  let fd: number | undefined;
  let created = false;
  try {
    fd = fsSync.openSync(temp, 'wx', options.mode ?? 0o644);
    created = true;
    fsSync.writeFileSync(fd, data);
    fsSync.fsyncSync(fd);
    fsSync.closeSync(fd);
    fd = undefined;
    fsSync.renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) {
      try {
        fsSync.closeSync(fd);
      } catch {
        // Already failing; the original error is the one to report.
      }
    }
    if (created) fsSync.rmSync(temp, { force: true });
    throw error;
  }
  try {
    const folder = fsSync.openSync(dirname(target), 'r');
    try {
      fsSync.fsyncSync(folder);
    } finally {
      fsSync.closeSync(folder);
    }
  } catch {
    // As above: not every platform can sync a folder.
  }
  return target;
}
