/**
 * Dialog answers for the browser bridge: no window can ask the writer, so "save" picks a file in
 * the configured export folder and "open" returns the configured article or model path.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DialogProvider, OpenDialogKind, SaveDialogFormat } from '../../../src-main/backend/backend';
import type { HubChange } from '../../../src-main/backend/settings-handlers';

export interface BridgeDialogOptions {
  exportDir: string;
  articlePath?: string;
  modelPath?: string;
  /** Returned by the "open control vector" and "import library" dialogs. */
  vectorPath?: string;
  libraryPath?: string;
}

export class BridgeDialogs implements DialogProvider {
  /** Every path handed out by saveFile, newest last, so tests can find what was written. */
  readonly saved: string[] = [];
  /** Every change of download server asked about, and the answer the next ones get. */
  readonly hubChanges: HubChange[] = [];
  hubChangeAnswer = true;
  /** What "choose several articles" answers; and the folder "export into a folder" answers. */
  articlePaths: string[] = [];
  exportFolder: string | null = null;

  constructor(private readonly options: BridgeDialogOptions) {}

  /** Changes what an "open" dialog answers from now on (a test picks its file mid-way). */
  answerOpen(kind: OpenDialogKind, path: string | undefined): void {
    const key = ({ article: 'articlePath', model: 'modelPath', vector: 'vectorPath', library: 'libraryPath' } as const)[kind];
    this.options[key] = path;
  }

  async saveFile(defaultName: string, format: SaveDialogFormat): Promise<string | null> {
    mkdirSync(this.options.exportDir, { recursive: true });
    // Only the name is taken from the page; the folder is always the export folder.
    const name = basename(defaultName).replace(/^\.+/, '') || 'export';
    const withExtension = name.toLowerCase().endsWith(`.${format}`) ? name : `${name}.${format}`;
    const path = join(this.options.exportDir, withExtension);
    this.saved.push(path);
    return path;
  }

  async openFile(kind: OpenDialogKind): Promise<string | null> {
    const answers = { article: this.options.articlePath, model: this.options.modelPath, vector: this.options.vectorPath, library: this.options.libraryPath };
    return answers[kind] ?? null;
  }

  async openArticles(): Promise<string[]> {
    return this.articlePaths;
  }

  async chooseFolder(): Promise<string | null> {
    return this.exportFolder;
  }

  async confirmHubChange(change: HubChange): Promise<boolean> {
    this.hubChanges.push(change);
    return this.hubChangeAnswer;
  }
}
