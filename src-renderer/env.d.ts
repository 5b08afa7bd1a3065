import type { SteerlingApi } from '../src-main/ipc/contract';

declare global {
  interface Window {
    /** Exposed by the Electron preload, or by the browser bridge's script in tests. */
    steerling: SteerlingApi;
  }
}

export {};
