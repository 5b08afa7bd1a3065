/**
 * The renderer's only door to the app: a typed client over `window.steerling`.
 * Errors from either shell arrive in different wrappers; they are normalised here into
 * `ApiError` so views can show `message` as written for the writer.
 */
import type {
  AppInfo,
  ChosenFile,
  EventChannel,
  EventPayloads,
  RequestArgs,
  RequestChannel,
  RequestResult,
  SteerlingApi,
} from '../../src-main/ipc/contract';

export type { AppInfo };

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const NO_BRIDGE = 'Steerling could not connect its window to the app. Please restart it.';

function bridge(): SteerlingApi {
  const api = window.steerling;
  if (!api) throw new ApiError('no-bridge', NO_BRIDGE);
  return api;
}

/** Whether the shell gave this page its API; without it nothing but an apology can be shown. */
export function hasBridge(): boolean {
  return typeof window.steerling === 'object' && window.steerling !== null;
}

export function missingBridgeError(): ApiError {
  return new ApiError('no-bridge', NO_BRIDGE);
}

/** Electron prefixes remote errors ("Error invoking remote method 'x': Error: ..."); strip that. */
function cleanMessage(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof message === 'string') {
      return new ApiError(typeof code === 'string' ? code : 'error', cleanMessage(message));
    }
  }
  return new ApiError('error', typeof error === 'string' ? error : 'Something went wrong.');
}

export async function invoke<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>> {
  try {
    return await bridge().invoke(channel, args);
  } catch (error) {
    throw toApiError(error);
  }
}

export function on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
  return bridge().on(event, listener);
}

/**
 * Handles for several dropped files, to summarise as a batch; null where the shell cannot name
 * files on disk (the browser), since a batch reads each file in the backend.
 */
export async function grantFiles(files: File[]): Promise<ChosenFile[] | null> {
  const handles = await Promise.all(files.map((file) => bridge().grantDroppedFile(file).catch(() => '')));
  if (handles.some((handle) => !handle)) return null;
  return files.map((file, i) => ({ handle: handles[i], name: file.name }));
}

/** Imports a dropped or picked file: by the shell's handle for it where it has one, otherwise by its bytes. */
export async function importFile(file: File) {
  const handle = await bridge().grantDroppedFile(file).catch(() => '');
  if (handle) return invoke('articles.importPath', { path: handle });
  const bytes = new Uint8Array(await file.arrayBuffer());
  return invoke('articles.importBytes', { name: file.name || 'dropped file', bytes });
}
