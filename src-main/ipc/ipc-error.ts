/**
 * Errors cross the IPC boundary as plain `{ code, message }` data: class identity, stacks and
 * custom properties do not survive Electron's structured clone or a WebSocket. This module turns
 * whatever a core service threw into that shape, keeping the writer-facing message the service
 * wrote and naming the service in the code, so the renderer can branch on it.
 */
import { ZodError, type z } from 'zod';
import type { IpcErrorPayload } from './contract';

export type IpcErrorCode =
  | 'ipc.unknown-channel'
  | 'ipc.invalid-args'
  | 'history.not-found'
  | 'summary.cancelled'
  | 'internal';

/** An error the backend raises itself; its message is already written for the writer. */
export class IpcError extends Error {
  override readonly name = 'IpcError';
  constructor(
    readonly code: IpcErrorCode | (string & {}),
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Core errors are recognised by name rather than `instanceof`: an EngineError rebuilt by the
 * engine client on this side of the process boundary, or a class loaded twice by a bundler,
 * still maps to the same code.
 */
const SERVICE_ERRORS: Record<string, string> = {
  ArticleImportError: 'articles',
  EngineError: 'engine',
  EvalError: 'eval',
  HistoryError: 'history',
  ModelDownloadError: 'models',
  ModelFileError: 'models',
  ModelManagerError: 'models',
  CatalogError: 'models',
  SteeringError: 'steering',
};

/** Codes for service errors that carry none of their own. */
const SERVICE_DEFAULT_CODES: Record<string, string> = {
  CatalogError: 'catalog',
};

/** Node's file-system codes, said the way a writer would want to hear them. */
const FILE_SYSTEM_MESSAGES: Record<string, string> = {
  ENOENT: 'The file or folder could not be found.',
  EACCES: 'Steerling is not allowed to open that file or folder.',
  EPERM: 'Steerling is not allowed to change that file or folder.',
  EISDIR: 'That is a folder, not a file.',
  ENOSPC: 'The disk is full. Free some space and try again.',
  EROFS: 'That location is read-only.',
};

function describeZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'arguments';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** The message used for arguments that fail the contract's schema. */
export function invalidArgsError(channel: string, error: ZodError): IpcError {
  return new IpcError(
    'ipc.invalid-args',
    `The request "${channel}" was not understood (${describeZodIssues(error.issues)}).`,
    { cause: error },
  );
}

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.length > 0 ? code : undefined;
}

export function toIpcErrorPayload(error: unknown): IpcErrorPayload {
  if (error instanceof IpcError) return { code: error.code, message: error.message };
  if (error instanceof ZodError) {
    return {
      code: 'ipc.invalid-args',
      message: `Some settings were not valid (${describeZodIssues(error.issues)}).`,
    };
  }
  if (error instanceof Error) {
    const service = SERVICE_ERRORS[error.name];
    const code = codeOf(error);
    if (service) return { code: `${service}.${code ?? SERVICE_DEFAULT_CODES[error.name] ?? 'error'}`, message: error.message };
    if (error.name === 'AbortError') {
      return { code: 'summary.cancelled', message: 'The operation was cancelled.' };
    }
    const friendly = code ? FILE_SYSTEM_MESSAGES[code] : undefined;
    if (friendly) {
      const where = (error as { path?: unknown }).path;
      const suffix = typeof where === 'string' ? ` (${where})` : '';
      return { code: `fs.${code}`, message: `${friendly}${suffix}` };
    }
    return { code: 'internal', message: `Something went wrong: ${error.message}` };
  }
  return { code: 'internal', message: `Something went wrong: ${String(error)}` };
}
