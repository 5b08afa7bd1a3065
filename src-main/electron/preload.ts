/**
 * Runs sandboxed beside the renderer and exposes exactly SteerlingApi as `window.steerling`:
 * nothing of ipcRenderer or Node leaks through. Only types come from the contract, so no schema
 * code is bundled here; main validates every call.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { EventChannel, EventPayloads, IpcResponse, RequestChannel, RequestResult, SteerlingApi } from '../ipc/contract';
import { EVENT_CHANNEL, GRANT_DROPPED_CHANNEL, INVOKE_CHANNEL, type EventMessage, type InvokeMessage } from './ipc-channels';

const api: SteerlingApi = {
  async invoke<C extends RequestChannel>(channel: C, args: unknown): Promise<RequestResult<C>> {
    const message: InvokeMessage = { channel, args };
    const response = (await ipcRenderer.invoke(INVOKE_CHANNEL, message)) as IpcResponse<RequestResult<C>>;
    if (response.ok) return response.value;
    // A plain object, not an Error: contextBridge drops an Error's custom properties, and the
    // renderer needs `code` as well as the message.
    throw { code: response.error.code, message: response.error.message };
  },

  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    const forward = (_event: IpcRendererEvent, message: EventMessage) => {
      if (message.event === event) listener(message.payload as EventPayloads[E]);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },

  async grantDroppedFile(file: File): Promise<string> {
    let filePath = '';
    try {
      filePath = webUtils.getPathForFile(file);
    } catch {
      // Not a file from disk (e.g. built in the page): the renderer falls back to its bytes.
    }
    if (!filePath) return '';
    const handle: unknown = await ipcRenderer.invoke(GRANT_DROPPED_CHANNEL, filePath);
    return typeof handle === 'string' ? handle : '';
  },
};

contextBridge.exposeInMainWorld('steerling', api);
