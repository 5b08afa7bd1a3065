/**
 * The evaluation part of the engine protocol (protocol.ts joins it in). A `score`, `compare` or
 * `sweep` request streams `eval-event`s and ends with exactly one `eval-end` or `eval-error` for
 * its id; `cancel` with the same id stops it (a compare or sweep then still ends with its result).
 * Errors keep their class name so the host rebuilds an EvalError or an EngineError with its code.
 */
import type { CompareEvent, CompareJob, ScoreJob, SweepJob } from '../eval/runner';
import type { SummaryScores } from '../eval/score-types';
import type { SweepEvent } from '../eval/sweep/types';
import type { CalibrateEvent, CalibrateJob } from '../eval/calibrate';
import type { ProbeEvent, ProbeJob } from '../eval/probe';

export type EvalRequestMessage =
  | { type: 'score'; id: number; request: ScoreJob }
  | { type: 'compare'; id: number; request: CompareJob }
  | { type: 'sweep'; id: number; request: SweepJob }
  | { type: 'probe'; id: number; request: ProbeJob }
  | { type: 'calibrate'; id: number; request: CalibrateJob };

export const EVAL_REQUEST_TYPES: readonly string[] = ['score', 'compare', 'sweep', 'probe', 'calibrate'];

/** What a score request streams: its one result. */
export interface ScoresEvent {
  type: 'scores';
  scores: SummaryScores;
}

export type EvalStreamEvent = ScoresEvent | CompareEvent | SweepEvent | ProbeEvent | CalibrateEvent;

export type EvalReplyMessage =
  | { type: 'eval-event'; id: number; event: EvalStreamEvent }
  | { type: 'eval-end'; id: number }
  | { type: 'eval-error'; id: number; name: string; code: string; message: string };

export function isEvalReply(message: { type: string }): message is EvalReplyMessage {
  return message.type === 'eval-event' || message.type === 'eval-end' || message.type === 'eval-error';
}
