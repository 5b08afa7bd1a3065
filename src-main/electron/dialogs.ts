/** Native open/save dialogs, attached to the app window so they stay on top of it. */
import path from 'node:path';
import { app, BrowserWindow, dialog, type FileFilter } from 'electron';
import { SUPPORTED_EXTENSIONS } from '../core/articles/extensions';
import type { DialogProvider, OpenDialogKind, SaveDialogFormat } from '../backend/backend';
import type { HubChange } from '../backend/settings-handlers';

const ARTICLE_FILTERS: FileFilter[] = [
  { name: 'Articles', extensions: SUPPORTED_EXTENSIONS.map((ext) => ext.slice(1)) },
  { name: 'All files', extensions: ['*'] },
];
const MODEL_FILTERS: FileFilter[] = [{ name: 'GGUF models', extensions: ['gguf'] }];
const OPEN_DIALOGS: Record<OpenDialogKind, { title: string; filters: FileFilter[] }> = {
  article: { title: 'Open an article', filters: ARTICLE_FILTERS },
  model: { title: 'Open a GGUF model', filters: MODEL_FILTERS },
  vector: { title: 'Open a control vector', filters: [{ name: 'Control vectors (GGUF)', extensions: ['gguf'] }] },
  library: { title: 'Import a pair library', filters: [{ name: 'Pair libraries (JSON)', extensions: ['json'] }] },
};
const EXPORT_FILTERS: Record<SaveDialogFormat, FileFilter> = {
  txt: { name: 'Plain text', extensions: ['txt'] },
  md: { name: 'Markdown', extensions: ['md'] },
  json: { name: 'JSON', extensions: ['json'] },
  csv: { name: 'CSV (spreadsheet)', extensions: ['csv'] },
  docx: { name: 'Word document', extensions: ['docx'] },
};

/** Keeps the writer's chosen name but makes sure it ends in the export format's extension. */
export function withExtension(filePath: string, format: SaveDialogFormat): string {
  const ext = path.extname(filePath).toLowerCase();
  const accepted = format === 'md' ? ['.md', '.markdown'] : [`.${format}`];
  return accepted.includes(ext) ? filePath : `${filePath}.${format}`;
}

/** A file name without characters that no file system accepts. */
function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.slice(0, 120) || 'summary';
}

export class ElectronDialogs implements DialogProvider {
  constructor(private readonly parentWindow: () => BrowserWindow | undefined) {}

  async saveFile(defaultName: string, format: SaveDialogFormat): Promise<string | null> {
    const defaultPath = path.join(app.getPath('documents'), withExtension(safeFileName(defaultName), format));
    // The window asks for a format, not a purpose (summaries, comparisons, sweeps and libraries all
    // export), so the title stays neutral and the default name says what is being saved.
    const options = { title: 'Export', defaultPath, filters: [EXPORT_FILTERS[format]] };
    const parent = this.parentWindow();
    const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return null;
    return withExtension(result.filePath, format);
  }

  async openFile(kind: OpenDialogKind): Promise<string | null> {
    const options = { ...OPEN_DIALOGS[kind], properties: ['openFile' as const] };
    const parent = this.parentWindow();
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  async openArticles(): Promise<string[]> {
    const options = { title: 'Summarise several articles', filters: ARTICLE_FILTERS, properties: ['openFile' as const, 'multiSelections' as const] };
    const parent = this.parentWindow();
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  }

  async chooseFolder(): Promise<string | null> {
    const options = { title: 'Export into a folder', properties: ['openDirectory' as const, 'createDirectory' as const] };
    const parent = this.parentWindow();
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  /** A native question, so a compromised page cannot move downloads (and requests) elsewhere unseen. */
  async confirmHubChange(change: HubChange): Promise<boolean> {
    const to = change.to ?? 'the default download server';
    const token = change.tokenOrigin
      ? `Your access token stays with ${change.tokenOrigin}: it is never sent to another server.`
      : 'No access token is saved.';
    const options = {
      type: 'question' as const,
      title: 'Change the download server',
      message: `Download models from ${to} instead of ${change.from}?`,
      detail: `Only change this if you trust ${to}: models you download run on this computer. ${token}`,
      buttons: ['Change server', 'Keep the current server'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    };
    const parent = this.parentWindow();
    const result = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    return result.response === 0;
  }
}
