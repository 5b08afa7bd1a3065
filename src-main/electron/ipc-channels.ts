/**
 * The two Electron IPC channels that carry the whole contract: one request channel whose message
 * names the contract channel, and one event channel. Main checks every contract channel name
 * itself, so the preload never needs a list of them (and cannot drift from the contract).
 */
import type { AppEvent, RequestChannel } from '../ipc/contract';

export const INVOKE_CHANNEL = 'steerling:invoke';
export const EVENT_CHANNEL = 'steerling:event';
/**
 * Only the preload sends here, with the path webUtils gave it for a dropped File; the page has no
 * ipcRenderer, and a File it builds itself has no path, so it cannot name a file this way.
 */
export const GRANT_DROPPED_CHANNEL = 'steerling:grant-dropped';

export interface InvokeMessage {
  channel: RequestChannel;
  args: unknown;
}

/** What travels on EVENT_CHANNEL: one contract event. */
export type EventMessage = AppEvent;
