/**
 * Binds the AppBackend to Electron IPC: every request comes back as an IpcResponse envelope (so
 * errors arrive as data, never as Electron's "Error invoking remote method" text), and backend
 * events go to every window. Requests from frames that are not our own page are refused.
 */
import { ipcMain, webContents, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import type { AppBackend } from '../backend/backend';
import type { IpcResponse } from '../ipc/contract';
import { toIpcErrorPayload } from '../ipc/ipc-error';
import type { PathAccess } from '../backend/path-access';
import { EVENT_CHANNEL, GRANT_DROPPED_CHANNEL, INVOKE_CHANNEL, type EventMessage } from './ipc-channels';

export interface IpcBinding {
  dispose(): void;
}

function messageParts(message: unknown): { channel: unknown; args: unknown } {
  if (typeof message !== 'object' || message === null) return { channel: undefined, args: undefined };
  const { channel, args } = message as { channel?: unknown; args?: unknown };
  return { channel, args };
}

/**
 * `isTrustedUrl` says whether a frame URL is the app's own renderer; `paths` grants the files the
 * writer drops on the window (the preload reports their paths).
 */
export function bindBackendToIpc(backend: AppBackend, isTrustedUrl: (url: string) => boolean, paths: PathAccess): IpcBinding {
  ipcMain.handle(GRANT_DROPPED_CHANNEL, (event: IpcMainInvokeEvent, filePath: unknown): string => {
    if (!isTrustedUrl(event.senderFrame?.url ?? '')) return '';
    if (typeof filePath !== 'string' || !path.isAbsolute(filePath)) return '';
    return paths.grant(filePath, 'read');
  });

  ipcMain.handle(INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, message: unknown): Promise<IpcResponse<unknown>> => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isTrustedUrl(frameUrl)) {
      return { ok: false, error: { code: 'ipc.forbidden', message: 'This page may not talk to Steerling.' } };
    }
    const { channel, args } = messageParts(message);
    try {
      // The backend rejects unknown channel names itself, with a typed error.
      const value = await backend.handle(channel as never, args);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toIpcErrorPayload(error) };
    }
  });

  const stopEvents = backend.onEvent((event, payload) => {
    const message = { event, payload } as EventMessage;
    for (const contents of webContents.getAllWebContents()) {
      if (contents.isDestroyed() || !isTrustedUrl(contents.getURL())) continue;
      contents.send(EVENT_CHANNEL, message);
    }
  });

  return {
    dispose() {
      ipcMain.removeHandler(INVOKE_CHANNEL);
      ipcMain.removeHandler(GRANT_DROPPED_CHANNEL);
      stopEvents();
    },
  };
}
