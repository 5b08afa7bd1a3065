import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { HistoryError } from './errors';

/** The few file operations an atomic write needs; tests swap in failing ones (full disk). */
export interface AtomicWriteIo {
  open(path: string, flags: 'wx'): Promise<WritableFile>;
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

export const nodeIo: AtomicWriteIo = {
  open: (path, flags) => fs.open(path, flags, 0o644),
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

function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function writeError(error: unknown, target: string): HistoryError {
  const folder = dirname(target);
  const name = basename(target);
  const cause = { cause: error };
  switch (errnoCode(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new HistoryError('folder-missing', `The folder ${folder} does not exist, so ${name} was not saved. Choose another place.`, cause);
    case 'EACCES':
    case 'EPERM':
    case 'EBUSY':
      return new HistoryError('permission-denied', `Steerling is not allowed to write ${name} in ${folder}. Choose another folder, or close any program that has the file open.`, cause);
    case 'ENOSPC':
    case 'EDQUOT':
      return new HistoryError('disk-full', `The disk is full, so ${name} was not saved. Free some space and try again; no partial file was left behind.`, cause);
    case 'EROFS':
      return new HistoryError('write-failed', `${folder} is on a read-only disk, so ${name} was not saved. Choose another place.`, cause);
    case 'EISDIR':
      return new HistoryError('write-failed', `${target} is a folder, so the export was not saved there. Choose a file name.`, cause);
    default:
      return new HistoryError('write-failed', `${name} could not be saved in ${folder}: ${error instanceof Error ? error.message : String(error)}.`, cause);
  }
}

/**
 * Writes `data` to `path` so that the file is either the old one or the complete new one, never
 * a torn mix: write a temporary file beside it, fsync, then rename over the target (atomic
 * within one folder). On failure the temporary file is removed and a HistoryError explains why.
 */
export async function writeFileAtomically(path: string, data: Uint8Array, io: AtomicWriteIo = nodeIo): Promise<string> {
  const target = resolve(path);
  const folder = dirname(target);
  const temp = join(folder, `.${basename(target)}.${randomUUID().slice(0, 8)}.tmp`);
  let file: WritableFile | undefined;
  let created = false;
  try {
    file = await io.open(temp, 'wx');
    created = true;
    await file.writeFile(data);
    await file.sync();
    const opened = file;
    file = undefined;
    await opened.close();
    await io.rename(temp, target);
  } catch (error) {
    await file?.close().catch(() => undefined);
    // Only a file this call created is removed: 'wx' failing means the name was someone else's.
    if (created) await io.remove(temp).catch(() => undefined);
    throw writeError(error, target);
  }
  await io.syncFolder(folder);
  return target;
}
