/**
 * A stand-in for `window.steerling` that a test scripts: requests wait until the test answers or
 * fails them (so it can emit events before a start request answers), and events go to whatever
 * the stores subscribed. Every request is checked against the contract's schema first, as the
 * app's own bridge does, so a store that sends what the backend would refuse fails here too.
 */
import { requestSchemas } from '../../../src-main/ipc/contract';
import type { EventChannel, EventPayloads, IpcErrorPayload, RequestArgs, RequestChannel, RequestResult, SteerlingApi } from '../../../src-main/ipc/contract';

interface Pending {
  channel: RequestChannel;
  args: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Answer<C extends RequestChannel> = RequestResult<C> | ((args: RequestArgs<C>) => RequestResult<C>);

export class ScriptedBridge implements SteerlingApi {
  #listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  #pending: Pending[] = [];
  #standing = new Map<RequestChannel, Answer<RequestChannel>>();

  invoke<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>> {
    const parsed = requestSchemas[channel].safeParse(args);
    if (!parsed.success) {
      const error: IpcErrorPayload = { code: 'invalid-request', message: `${channel}: ${parsed.error.message}` };
      return Promise.reject(error);
    }
    const standing = this.#standing.get(channel) as Answer<C> | undefined;
    if (standing !== undefined) {
      return Promise.resolve(typeof standing === 'function' ? (standing as (args: RequestArgs<C>) => RequestResult<C>)(args) : standing);
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ channel, args, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  grantDroppedFile(): Promise<string> {
    return Promise.resolve('');
  }

  /** Answers every later `channel` request at once with `answer` (or what it returns for the args). */
  always<C extends RequestChannel>(channel: C, answer: Answer<C>): void {
    this.#standing.set(channel, answer as Answer<RequestChannel>);
  }

  /** The arguments of the oldest unanswered `channel` request. */
  waiting<C extends RequestChannel>(channel: C): RequestArgs<C> {
    return this.#take(channel, false).args as RequestArgs<C>;
  }

  /** Answers the oldest unanswered `channel` request, then lets the store's awaits run. */
  async answer<C extends RequestChannel>(channel: C, result: RequestResult<C>): Promise<void> {
    this.#take(channel, true).resolve(result);
    await settle();
  }

  /** Fails the oldest unanswered `channel` request the way the backend reports errors. */
  async fail(channel: RequestChannel, error: IpcErrorPayload): Promise<void> {
    this.#take(channel, true).reject(error);
    await settle();
  }

  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (payload: EventPayloads[E]) => void)(payload);
  }

  #take(channel: RequestChannel, remove: boolean): Pending {
    const index = this.#pending.findIndex((pending) => pending.channel === channel);
    if (index < 0) throw new Error(`No ${channel} request is waiting for an answer.`);
    const [pending] = remove ? this.#pending.splice(index, 1) : [this.#pending[index]];
    return pending;
  }
}

/** Lets every promise continuation queued so far run (a store's code after its awaits). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A fresh bridge on `window`, where the renderer's api module looks for it on every call. */
export function installBridge(): ScriptedBridge {
  const bridge = new ScriptedBridge();
  window.steerling = bridge;
  return bridge;
}
