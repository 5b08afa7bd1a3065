/**
 * Follows one backend job (a comparison, a sweep) from its start call to its last event. Events
 * may arrive before the start call has returned the job's id, so they wait until it has. Ctrl-C
 * (or SIGTERM) asks the backend to cancel, which still ends with the job's last event (the
 * partial result is saved); a second Ctrl-C leaves at once.
 */
import type { AppBackend } from '../backend/backend';
import type { AppEvent } from '../ipc/contract';

export type JobStep<T> = { done: T } | { error: Error } | undefined;

export interface FollowOptions<T> {
  start(): Promise<string>;
  /** The job id an event belongs to; undefined for events of other kinds. */
  idOf(event: AppEvent): string | undefined;
  /** Called for each of the job's events; returns the outcome with the last one. */
  step(event: AppEvent): JobStep<T>;
  cancel(id: string): Promise<unknown>;
  /** Told on the first Ctrl-C, e.g. to print "Stopping…". */
  onInterrupt?(): void;
}

export interface Followed<T> {
  id: string;
  value: T;
  /** Ctrl-C was pressed. */
  interrupted: boolean;
}

export function followJob<T>(backend: AppBackend, options: FollowOptions<T>): Promise<Followed<T>> {
  return new Promise<Followed<T>>((resolve, reject) => {
    let id: string | undefined;
    let interrupted = false;
    const early: AppEvent[] = [];
    const finish = () => {
      unsubscribe();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    const onSignal = () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      options.onInterrupt?.();
      if (id) void options.cancel(id).catch(() => undefined);
    };
    const handle = (event: AppEvent) => {
      if (id === undefined || options.idOf(event) !== id) return;
      const outcome = options.step(event);
      if (!outcome) return;
      finish();
      if ('error' in outcome) reject(outcome.error);
      else resolve({ id, value: outcome.done, interrupted });
    };
    const unsubscribe = backend.onEvent((event, payload) => {
      const e = { event, payload } as AppEvent;
      if (id === undefined) early.push(e);
      else handle(e);
    });
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    options
      .start()
      .then((started) => {
        id = started;
        if (interrupted) void options.cancel(started).catch(() => undefined);
        for (const e of early.splice(0)) handle(e);
      })
      .catch((error: unknown) => {
        finish();
        reject(error);
      });
  });
}

/** The command line to run again, with `--resume <id>` in place of any earlier one. */
export function resumeCommand(id: string, argv: readonly string[] = process.argv.slice(2)): string {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--resume') {
      i++;
      continue;
    }
    if (argv[i].startsWith('--resume=')) continue;
    kept.push(argv[i]);
  }
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return ['steerling', ...kept, '--resume', id].map(quote).join(' ');
}
