/**
 * The seam between a shell (Electron main, or the browser test bridge) and the core services.
 * Both shells create one backend and forward every contract call to `handle`, which validates
 * the raw arguments with the contract's zod schemas before anything runs.
 */
import type { HubChange } from './settings-handlers';
import type { RequestChannel, RequestResult } from '../ipc/contract';
import type { Emit } from './channel-types';

export interface AppBackend {
  handle<C extends RequestChannel>(channel: C, rawArgs: unknown): Promise<RequestResult<C>>;
  onEvent(listener: Emit): () => void;
  dispose(): Promise<void>;
}

/** Native dialogs differ per shell; the bridge answers them from a test folder. */
export type SaveDialogFormat = 'txt' | 'md' | 'json' | 'csv' | 'docx';
/** 'vector': a control-vector .gguf; 'library': a pair library .json. */
export type OpenDialogKind = 'article' | 'model' | 'vector' | 'library';

export interface DialogProvider {
  saveFile(defaultName: string, format: SaveDialogFormat): Promise<string | null>;
  openFile(kind: OpenDialogKind): Promise<string | null>;
  /** Several article files at once (a batch); [] when cancelled. Shells without windows have none. */
  openArticles?(): Promise<string[]>;
  /** A folder to export into (created if it does not exist); null when cancelled. */
  chooseFolder?(): Promise<string | null>;
  /** Asks the writer, outside the page, whether downloads may move to another server. */
  confirmHubChange(change: HubChange): Promise<boolean>;
}
