import { CodedError } from '../coded-error';

/**
 * Errors of model management. `message` is written for a writer (shown as is in the app and the
 * CLI); `code` is for code. Neither ever contains an access token.
 */

export type ModelDownloadErrorCode =
  /** The connection failed and retries ran out. */
  | 'network'
  /** Not enough free space, before starting or while writing. */
  | 'disk-full'
  /** The finished file's sha256 is not the expected one; the file was deleted. */
  | 'checksum'
  /** Stopped by the caller (AbortSignal or cancel()). */
  | 'cancelled'
  /** The server answered with an error status other than 404 (after retries for 5xx). */
  | 'http-status'
  /** 404: the file is not at that address (wrong mirror, renamed file). */
  | 'not-found'
  /** The server's answer made no sense (wrong size, broken Content-Range). */
  | 'protocol'
  /** Writing or reading the partial file failed for a reason other than space. */
  | 'io'
  /** Another download of the same file is running. */
  | 'in-progress'
  /** Neither the catalog nor the server gives a sha256 to check the file by, and the writer did not accept that. */
  | 'unverified';

export class ModelDownloadError extends Error {
  override readonly name = 'ModelDownloadError';
  constructor(
    readonly code: ModelDownloadErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options);
    this.status = options?.status;
  }
  /** HTTP status when the error came from one. */
  readonly status: number | undefined;
}

export type ModelFileErrorCode =
  /** Not a GGUF file at all (bad magic). */
  | 'not-gguf'
  /** GGUF, but a version this app cannot read. */
  | 'unsupported-version'
  /** The file ends before its tensors do (interrupted copy or download). */
  | 'truncated'
  /** The header cannot be parsed. */
  | 'corrupt'
  /** A model of an architecture the app cannot run or steer. */
  | 'wrong-architecture'
  /** The file does not exist or cannot be read. */
  | 'unreadable'
  /** A model with that name is already installed. */
  | 'exists'
  /** No installed model with that id. */
  | 'not-installed'
  /** Not enough free space to copy the model. */
  | 'disk-full'
  /** The file could not be copied or linked into the models folder. */
  | 'io';

/** Thrown by GGUF inspection and the registry (import, delete). */
export class ModelFileError extends CodedError<ModelFileErrorCode> {
  override readonly name = 'ModelFileError';
}

/** "4.4 GB": decimal units, as disk vendors and file managers show them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '? bytes';
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
