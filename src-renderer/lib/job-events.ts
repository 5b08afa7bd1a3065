/**
 * The events of one kind of job (`summary.*`, `compare.*`, `sweep.*`), tagged by kind so a store
 * can switch on them; job-follower.ts routes them to the store that started the job.
 */
import type { EventChannel, EventPayloads } from '../../src-main/ipc/contract';
import { on } from './api';

/** One event of the channels `${prefix}.${kind}`, tagged with its kind. */
export type JobEvent<P extends string, K extends string> = {
  [Kind in K]: { kind: Kind; payload: EventPayloads[`${P}.${Kind}` & EventChannel] };
}[K];

/** Subscribes to `${prefix}.${kind}` for each kind; returns the unsubscribe function. */
export function onJobEvents<P extends string, K extends string>(
  prefix: P,
  kinds: readonly K[],
  receive: (event: JobEvent<P, K>) => void,
): () => void {
  const offs = kinds.map((kind) => on(`${prefix}.${kind}` as EventChannel, (payload) => receive({ kind, payload } as JobEvent<P, K>)));
  return () => offs.forEach((off) => off());
}

/** A job phase in which a second job must not start. */
export function isBusy(phase: string): boolean {
  return phase === 'starting' || phase === 'running' || phase === 'stopping';
}
