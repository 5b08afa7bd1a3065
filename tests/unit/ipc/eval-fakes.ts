/**
 * A scripted engine for the evaluation channels: each configuration writes a known text (steered
 * ones with one "thou" per unit of strength), and `hold` keeps chosen requests writing until they
 * are cancelled, so cancel and resume can be tested at an exact point. Scores are the real text
 * scores; with no native model behind the engine, model scores are skipped.
 */
import type { SummaryRequest } from '../../../src-main/core/engine/types';
import type { AppEvent } from '../../../src-main/ipc/contract';
import type { Harness } from './backend-harness';
import { aborted, SCRIPTED_STATS, ScriptedEngine, type Script } from './scripted-engine';

export const PLAIN_TEXT = 'The harbour bridge reopened on Monday after six months of repairs.';
export const PROMPTED_TEXT = 'Hark, the harbour bridge hath reopened on Monday, and thou mayst cross it.';

export function textFor(request: SummaryRequest): string {
  if (request.mode === 'plain') return PLAIN_TEXT;
  if (request.mode === 'prompted') return PROMPTED_TEXT;
  const strength = Math.max(0, Math.round(request.steering?.coefficient ?? 0));
  return `${'Thou '.repeat(strength)}the harbour bridge reopened on Monday after repairs${(request.steering?.layerStart ?? 0) > 3 ? ', and traffic was light' : ''}.`;
}

export interface EvalScriptControl {
  /** Requests that write nothing until cancelled. */
  hold?: (request: SummaryRequest) => boolean;
}

export function evalScript(control: EvalScriptControl = {}): Script {
  return async function* (request, signal) {
    if (control.hold?.(request)) {
      await aborted(signal);
      yield { type: 'done', output: '', stats: SCRIPTED_STATS, cancelled: true };
      return;
    }
    const output = textFor(request);
    yield { type: 'text', text: output };
    yield { type: 'done', output, stats: SCRIPTED_STATS, cancelled: false };
  };
}

export function evalEngine(control: EvalScriptControl = {}): ScriptedEngine {
  return new ScriptedEngine(evalScript(control));
}

/** Resolves with the first event (seen already or still to come) that matches. */
export async function eventMatching<E extends AppEvent['event']>(
  h: Harness,
  event: E,
  matches: (payload: Extract<AppEvent, { event: E }>['payload']) => boolean = () => true,
): Promise<Extract<AppEvent, { event: E }>['payload']> {
  for (;;) {
    const found = h.events.find((e) => e.event === event && matches(e.payload as never));
    if (found) return found.payload as never;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export function eventsOf<E extends AppEvent['event']>(h: Harness, event: E): Extract<AppEvent, { event: E }>['payload'][] {
  return h.events.filter((e) => e.event === event).map((e) => e.payload as never);
}
