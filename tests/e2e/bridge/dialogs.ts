/**
 * Dialog answers for the browser bridge: no window can ask the writer, so "save" picks a file in
 * the configured export folder and "open" returns the configured article or model path.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DialogProvider } from '../../../src-main/ipc/backend';

export interface BridgeDialogOptions {
  exportDir: string;
  articlePath?: string;
  modelPath?: string;
}

export class BridgeDialogs implements DialogProvider {
  /** Every path handed out by saveFile, newest last, so tests can find what was written. */
  readonly saved: string[] = [];

  constructor(private readonly options: BridgeDialogOptions) {}

  async saveFile(defaultName: string, format: 'txt' | 'md'): Promise<string | null> {
    mkdirSync(this.options.exportDir, { recursive: true });
    // Only the name is taken from the page; the folder is always the export folder.
    const name = basename(defaultName).replace(/^\.+/, '') || 'export';
    const withExtension = name.toLowerCase().endsWith(`.${format}`) ? name : `${name}.${format}`;
    const path = join(this.options.exportDir, withExtension);
    this.saved.push(path);
    return path;
  }

  async openFile(kind: 'article' | 'model'): Promise<string | null> {
    return (kind === 'model' ? this.options.modelPath : this.options.articlePath) ?? null;
  }
}
