/** Exports written with core's atomic writer, its file-system errors told as HistoryErrors. */
import { basename, dirname, resolve } from 'node:path';
import { writeFileAtomically as writeAtomically, type AtomicWriteIo } from '../atomic-write';
import { HistoryError } from './errors';

export { nodeIo, type AtomicWriteIo, type WritableFile } from '../atomic-write';

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

/** writeFileAtomically (core/atomic-write.ts), failing with a HistoryError that says what to do. */
export async function writeFileAtomically(path: string, data: Uint8Array, io?: AtomicWriteIo): Promise<string> {
  try {
    return await writeAtomically(path, data, { io });
  } catch (error) {
    throw writeError(error, resolve(path));
  }
}
