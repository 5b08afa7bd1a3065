/**
 * Messages between EngineClient (host) and engine-worker (child process). Plain JSON-safe data:
 * they cross Node IPC (child_process.fork) or Electron's utilityProcess port.
 *
 * Every request carries an id; replies and summary events carry the id of their request.
 * A summary ends with exactly one `done` or `error` for its id.
 */
import type { EngineErrorCode, LoadModelOptions, ModelInfo, SummaryEvent, SummaryRequest } from '../engine/types';
import type { VectorBuildProgress, VectorBuildRequest, VectorBuildResult } from './vector-build';
import { EVAL_REQUEST_TYPES, type EvalReplyMessage, type EvalRequestMessage } from './eval-protocol';

export type HostToWorkerMessage =
  | { type: 'load'; id: number; path: string; options?: LoadModelOptions }
  | { type: 'summarize'; id: number; request: SummaryRequest }
  /** Cancels the summary whose request id is `id`; it still ends with a `done` (cancelled: true). */
  | { type: 'cancel'; id: number }
  /** Builds and saves a steering vector; progress as `vectorProgress`, then `vectorBuilt` or `error`. `cancel` stops it. */
  | { type: 'buildVector'; id: number; request: VectorBuildRequest }
  | { type: 'dispose'; id: number }
  /** The host's watchdog asking whether the worker still answers; the reply is `pong` with the same id. */
  | { type: 'ping'; id: number }
  /** Scores, comparisons and sweeps next to the model (eval-protocol.ts). */
  | EvalRequestMessage;

type WithId<T> = T extends unknown ? T & { id: number } : never;

export type WorkerToHostMessage =
  /** Sent once when the worker is ready for requests. */
  | { type: 'state'; state: 'ready' }
  | { type: 'loaded'; id: number; model: ModelInfo }
  | WithId<SummaryEvent>
  | { type: 'disposed'; id: number }
  | { type: 'pong'; id: number }
  | { type: 'vectorProgress'; id: number; progress: VectorBuildProgress }
  | { type: 'vectorBuilt'; id: number; result: VectorBuildResult }
  /** For a failed load, `model` is what the worker has loaded afterwards (usually still the old one). */
  | { type: 'error'; id: number; code: EngineErrorCode; message: string; model?: ModelInfo | null }
  | EvalReplyMessage;

const ENGINE_ERROR_CODES: ReadonlySet<string> = new Set<EngineErrorCode>([
  'no-model',
  'model-load-failed',
  'busy',
  'invalid-request',
  'engine-crashed',
  'engine-hung',
  'protocol-error',
  'generation-failed',
]);

export function isEngineErrorCode(code: unknown): code is EngineErrorCode {
  return typeof code === 'string' && ENGINE_ERROR_CODES.has(code);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Envelope checks for the transports; each side then checks the whole message it acts on
 * (protocol-schemas.ts), so a malformed one is refused with a named field rather than cast.
 */
export function isHostToWorkerMessage(value: unknown): value is HostToWorkerMessage {
  return isRecord(value) && typeof value.id === 'number' && ['load', 'summarize', 'cancel', 'dispose', 'ping', 'buildVector', ...EVAL_REQUEST_TYPES].includes(value.type as string);
}

export function isWorkerToHostMessage(value: unknown): value is WorkerToHostMessage {
  if (!isRecord(value) || typeof value.type !== 'string') return false;
  if (value.type === 'state') return true;
  return typeof value.id === 'number';
}
