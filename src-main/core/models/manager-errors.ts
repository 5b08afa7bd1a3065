/**
 * Errors of the model manager itself (ids it does not know, nothing to pause), and the one way
 * every model error is reduced to `{ code, message }` for events that cross a process boundary.
 */
import { ModelDownloadError, ModelFileError } from './errors';
import { CodedError } from '../coded-error';

export type ModelManagerErrorCode =
  /** Not an id (or file name, or quantisation) of the catalog. */
  | 'unknown-model'
  /** Pause asked for a model that is not being downloaded. */
  | 'not-downloading'
  /** node-llama-cpp could not be started to look at the hardware. */
  | 'hardware-unavailable'
  /** Asked after dispose(). */
  | 'shutting-down';

export class ModelManagerError extends CodedError<ModelManagerErrorCode> {
  override readonly name = 'ModelManagerError';
}

/**
 * The code and writer-facing message of a failure, for events and views. Codes are namespaced
 * ("models.network") exactly as the IPC layer names the same error when it is thrown, so a window
 * branches on one set of codes whichever way an error reached it.
 */
export function describeModelError(error: unknown): { code: string; message: string } {
  if (error instanceof ModelDownloadError || error instanceof ModelFileError || error instanceof ModelManagerError) {
    return { code: `models.${error.code}`, message: error.message };
  }
  if (error instanceof Error && error.name === 'CatalogError') return { code: 'models.catalog', message: error.message };
  const text = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Something went wrong: ${text}` };
}
