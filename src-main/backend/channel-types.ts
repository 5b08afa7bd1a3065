/** The two shapes every part of the backend shares: how it sends events, and a group of handlers. */
import type { EventChannel, EventPayloads, ParsedArgs, RequestChannel, RequestResult } from '../ipc/contract';

/** Sends one contract event to whoever listens (the window, the CLI, the test bridge). */
export type Emit = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void;

/** The handlers of a group of request channels, each taking its already validated arguments. */
export type ChannelHandlers<C extends RequestChannel> = { [K in C]: (args: ParsedArgs<K>) => Promise<RequestResult<K>> };
