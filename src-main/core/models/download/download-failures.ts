/** Which download failures are worth another try, and what a writer is told when they run out. */
import { ModelDownloadError } from '../errors';

/** A failure that backoff may cure: a dropped connection, a 5xx, a 429. */
export class RetryableFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The error to give up with after `retries` failed attempts in a row. */
  exhausted(retries: number): ModelDownloadError {
    if (this.status !== undefined) {
      return new ModelDownloadError(
        'http-status',
        `The download server is not answering properly (error ${this.status}, ${retries} retries). ` +
          'Try again later; the download will continue where it stopped.',
        { cause: this, status: this.status },
      );
    }
    return new ModelDownloadError(
      'network',
      `The download keeps failing (${this.message}, ${retries} retries). Check your internet connection; ` +
        'the download will continue where it stopped.',
      { cause: this },
    );
  }
}

/** An error status as a typed error (4xx) or a retryable failure (5xx, 429, 408). */
export function statusError(status: number, retryAfterMs: number | null = null): ModelDownloadError | RetryableFailure {
  if (status >= 500 || status === 429 || status === 408) {
    return new RetryableFailure(`the server answered ${status}`, status, retryAfterMs);
  }
  if (status === 404 || status === 410) {
    return new ModelDownloadError(
      'not-found',
      'The model file is not on the download server (error 404). The server address may be wrong, or the file was moved.',
      { status },
    );
  }
  if (status === 401 || status === 403) {
    return new ModelDownloadError(
      'http-status',
      `The download server refused access (error ${status}). This model may need an access token: add one in Settings, ` +
        'or check that the one you entered is still valid.',
      { status },
    );
  }
  return new ModelDownloadError('http-status', `The download server answered with error ${status}.`, { status });
}

/** Anything thrown during an attempt, sorted into "give up now" and "try again". */
export function classifyFailure(error: unknown): ModelDownloadError | RetryableFailure {
  if (error instanceof ModelDownloadError || error instanceof RetryableFailure) return error;
  // fetch reports network trouble as TypeError("fetch failed" / "terminated") with the socket error as cause.
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new RetryableFailure(`network error: ${detail}`, undefined, null, { cause: error });
}

export function cancelled(cause: unknown): ModelDownloadError {
  return new ModelDownloadError('cancelled', 'The download was stopped. It will continue where it left off next time.', { cause });
}

export function protocolError(what: string): ModelDownloadError {
  return new ModelDownloadError('protocol', `The download server ${what}. Try again later or use another download server.`);
}

/** File-system failures become typed errors at once: retrying a full disk does not help. */
export async function io<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      throw new ModelDownloadError('disk-full', 'The disk is full. Free up some space; the download will continue where it stopped.', { cause });
    }
    throw new ModelDownloadError('io', `The model file cannot be written (${code ?? 'unknown error'}). Check the models folder's permissions.`, { cause });
  }
}
