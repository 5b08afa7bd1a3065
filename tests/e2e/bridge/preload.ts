/**
 * The browser stand-in for the Electron preload: defines `window.steerling` with the same
 * SteerlingApi, over HTTP (requests) and a WebSocket (events). Served as a module before the
 * renderer's own script, so the API exists when the app starts. Files dropped in a browser have
 * no path, so `grantDroppedFile` returns '' and the renderer sends the bytes instead.
 */
import type {
  EventChannel,
  EventPayloads,
  IpcResponse,
  RequestChannel,
  RequestResult,
  SteerlingApi,
} from '../../../src-main/ipc/contract';
import { decodeWire, encodeWire, type EventFrame, type InvokeBody } from './wire';

type AnyListener = (payload: unknown) => void;

const listeners = new Map<string, Set<AnyListener>>();

function dispatch(frame: EventFrame): void {
  for (const listener of listeners.get(frame.event) ?? []) {
    try {
      listener(frame.payload);
    } catch (error) {
      console.error(`bridge: listener for ${frame.event} failed`, error);
    }
  }
}

/** Resolves once the event socket is open, so no event of a request can be missed. */
let socketReady: Promise<void>;

function connectEvents(): void {
  const url = new URL('./events', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url);
  socketReady = new Promise((resolve) => {
    socket.addEventListener('open', () => resolve(), { once: true });
  });
  socket.addEventListener('message', (message: MessageEvent<string>) => dispatch(decodeWire(message.data) as EventFrame));
  // The server may restart under a developer; keep trying quietly.
  socket.addEventListener('close', () => setTimeout(connectEvents, 500), { once: true });
}

connectEvents();

const api: SteerlingApi = {
  async invoke<C extends RequestChannel>(channel: C, args: unknown): Promise<RequestResult<C>> {
    await socketReady;
    const body: InvokeBody = { channel, args };
    let response: Response;
    try {
      response = await fetch(new URL('./invoke', location.href), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: encodeWire(body),
      });
    } catch {
      throw { code: 'bridge.unreachable', message: 'The test bridge server cannot be reached.' };
    }
    const result = decodeWire(await response.text()) as IpcResponse<RequestResult<C>>;
    if (result.ok) return result.value;
    // Same shape the Electron preload throws: plain data the renderer can read code and message from.
    throw { code: result.error.code, message: result.error.message };
  },

  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const wrapped = listener as AnyListener;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },

  async grantDroppedFile(): Promise<string> {
    // A browser does not tell a page where a dropped file lives: the renderer sends its bytes.
    return '';
  },
};

Object.defineProperty(window, 'steerling', { value: Object.freeze(api), enumerable: true });
