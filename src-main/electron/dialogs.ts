/** Native open/save dialogs, attached to the app window so they stay on top of it. */
import path from 'node:path';
import { app, BrowserWindow, dialog, type FileFilter } from 'electron';
import { SUPPORTED_EXTENSIONS } from '../core/articles/extensions';
import type { DialogProvider } from '../ipc/backend';

const ARTICLE_FILTERS: FileFilter[] = [
  { name: 'Articles', extensions: SUPPORTED_EXTENSIONS.map((ext) => ext.slice(1)) },
  { name: 'All files', extensions: ['*'] },
];
const MODEL_FILTERS: FileFilter[] = [{ name: 'GGUF models', extensions: ['gguf'] }];
const EXPORT_FILTERS: Record<'txt' | 'md', FileFilter> = {
  txt: { name: 'Plain text', extensions: ['txt'] },
  md: { name: 'Markdown', extensions: ['md'] },
};

/** Keeps the writer's chosen name but makes sure it ends in the export format's extension. */
export function withExtension(filePath: string, format: 'txt' | 'md'): string {
  const ext = path.extname(filePath).toLowerCase();
  const accepted = format === 'md' ? ['.md', '.markdown'] : ['.txt'];
  return accepted.includes(ext) ? filePath : `${filePath}.${format}`;
}

/** A file name without characters that no file system accepts. */
function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.slice(0, 120) || 'summary';
}

export class ElectronDialogs implements DialogProvider {
  constructor(private readonly parentWindow: () => BrowserWindow | undefined) {}

  async saveFile(defaultName: string, format: 'txt' | 'md'): Promise<string | null> {
    const defaultPath = path.join(app.getPath('documents'), withExtension(safeFileName(defaultName), format));
    const options = { title: 'Export summary', defaultPath, filters: [EXPORT_FILTERS[format]] };
    const parent = this.parentWindow();
    const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return null;
    return withExtension(result.filePath, format);
  }

  async openFile(kind: 'article' | 'model'): Promise<string | null> {
    const options = {
      title: kind === 'model' ? 'Open a GGUF model' : 'Open an article',
      properties: ['openFile' as const],
      filters: kind === 'model' ? MODEL_FILTERS : ARTICLE_FILTERS,
    };
    const parent = this.parentWindow();
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }
}
