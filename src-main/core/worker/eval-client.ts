/**
 * The host's side of evaluation replies (eval-protocol.ts), kept out of EngineClient: routing
 * `eval-*` messages into a request's event queue, and rebuilding the worker's errors as the same
 * classes with the same codes, so callers branch on EvalError / EngineError as in-process.
 */
import { EvalError, type EvalErrorCode } from '../eval/errors';
import type { SummaryScores } from '../eval/score-types';
import { EngineError } from '../engine/types';
import type { EvalReplyMessage, EvalStreamEvent } from './eval-protocol';
import type { EventQueue } from '../engine/event-queue';
import { isEngineErrorCode } from './protocol';

export function errorFromReply(reply: Extract<EvalReplyMessage, { type: 'eval-error' }>): EvalError | EngineError {
  if (reply.name === 'EngineError') {
    return new EngineError(isEngineErrorCode(reply.code) ? reply.code : 'generation-failed', reply.message);
  }
  return new EvalError(reply.code as EvalErrorCode, reply.message);
}

/** Feeds one reply into the request's queue; true when the request is over. */
export function routeEvalReply(reply: EvalReplyMessage, queue: EventQueue<EvalStreamEvent>): boolean {
  switch (reply.type) {
    case 'eval-event':
      queue.push(reply.event);
      return false;
    case 'eval-end':
      queue.end();
      return true;
    case 'eval-error':
      queue.fail(errorFromReply(reply));
      return true;
  }
}

/** The one result of a score request's stream. */
export async function scoresOf(events: AsyncIterable<EvalStreamEvent>): Promise<SummaryScores> {
  let scores: SummaryScores | undefined;
  for await (const event of events) if (event.type === 'scores') scores = event.scores;
  if (!scores) throw new EvalError('cancelled', 'Scoring was stopped before it finished.');
  return scores;
}
