import { CodedError } from '../coded-error';

export type HistoryErrorCode =
  /** The file exists but is not a SQLite database (or not Steerling's history). */
  | 'not-a-database'
  /** The file is a damaged SQLite database. */
  | 'corrupt'
  /** Written by a newer Steerling whose schema this version does not know. */
  | 'newer-version'
  /** Another program holds a lock on the history for too long. */
  | 'busy'
  /** The history folder or file cannot be created, read or written. */
  | 'unavailable'
  /** A record or a list request that breaks the shapes in record.ts. */
  | 'invalid-record'
  | 'invalid-request'
  /** The store was used after close(). */
  | 'closed'
  /** Export: the target folder does not exist. */
  | 'folder-missing'
  /** Export: no permission to write there. */
  | 'permission-denied'
  /** Export (or saving): the disk is full. */
  | 'disk-full'
  /** Export: the target is a folder, or the file system is read-only, or another write failure. */
  | 'write-failed';

/** Thrown by everything in core/history; `message` is written for a writer, not a developer. */
export class HistoryError extends CodedError<HistoryErrorCode> {
  override readonly name = 'HistoryError';
}

/** node:sqlite errors carry SQLite's primary result code in `errcode`. */
export function sqliteErrcode(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'errcode' in error) {
    const code = (error as { errcode: unknown }).errcode;
    if (typeof code === 'number') return code & 0xff;
  }
  return undefined;
}

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_NOMEM = 7;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

/**
 * Turns a SQLite failure into a HistoryError a writer can act on. Errors that are already
 * HistoryErrors pass through unchanged; anything unrecognised keeps its cause for the log.
 */
export function toHistoryError(error: unknown, file: string, doing: string): HistoryError {
  if (error instanceof HistoryError) return error;
  const cause = { cause: error };
  switch (sqliteErrcode(error)) {
    case SQLITE_NOTADB:
      return new HistoryError('not-a-database', `${file} is not a Steerling history file (it is not a SQLite database). It was left untouched.`, cause);
    case SQLITE_CORRUPT:
      return new HistoryError('corrupt', `The history file ${file} is damaged, so Steerling cannot ${doing}. It was left untouched; restore it from a backup or move it aside to start a new history.`, cause);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return new HistoryError('busy', `The history file ${file} is in use by another program (perhaps a second Steerling), so Steerling cannot ${doing}. Close the other program and try again.`, cause);
    case SQLITE_FULL:
      return new HistoryError('disk-full', `The disk holding ${file} is full, so Steerling cannot ${doing}. Free some space and try again; nothing already saved was lost.`, cause);
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_NOMEM:
      return new HistoryError('unavailable', `Steerling cannot ${doing}: the history file ${file} could not be read or written (${describe(error)}).`, cause);
    default:
      return new HistoryError('unavailable', `Steerling cannot ${doing}: ${describe(error)}.`, cause);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
