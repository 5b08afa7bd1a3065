import { CodedError } from '../coded-error';

/**
 * The one error type of core/eval. `code` is for programs (CLI exit codes, IPC, tests); `message`
 * is written for the person running an evaluation.
 */
export type EvalErrorCode =
  /** A request that cannot be evaluated: no configurations, empty grid, bad numbers. */
  | 'invalid-request'
  /** Text too long for the loaded model's context, or an empty prefix. */
  | 'text-too-long'
  /** Scores that need the loaded model were asked for without one. */
  | 'no-model'
  /** A saved partial result belongs to another article, grid or sampling. */
  | 'resume-mismatch'
  /** A saved partial result or checkpoint that cannot be read. */
  | 'unreadable-checkpoint'
  /** Writing results to disk failed. */
  | 'write-failed'
  /** The engine failed while writing a summary. */
  | 'generation-failed'
  /** The run was cancelled through its AbortSignal. */
  | 'cancelled'
  /** Another evaluation is using the model; they take turns. */
  | 'busy'
  /** A saved comparison, sweep or preset that does not exist (any more). */
  | 'not-found'
  /** A saved file (presets, a sweep's index entry) that cannot be read. */
  | 'unreadable-file';

export class EvalError extends CodedError<EvalErrorCode> {
  override readonly name = 'EvalError';
}
