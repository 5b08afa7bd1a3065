/**
 * Exporting several summaries at once, from a batch or a selection in the history: a folder of one
 * file per summary, or one document with a heading per article. Answers what was written, for the
 * toast; null when the writer cancelled the dialog.
 */
import { invoke } from './api';

export type ExportFormat = 'md' | 'txt' | 'docx';

export async function exportToFolder(ids: string[], format: ExportFormat): Promise<string | null> {
  const folder = await invoke('dialog.chooseFolder', {});
  if (!folder) return null;
  const written = await invoke('history.exportFolder', { ids, format, path: folder.handle });
  return `${written.files.length} ${written.files.length === 1 ? 'file' : 'files'} saved in ${folder.name}`;
}

export async function exportAsOne(ids: string[], format: ExportFormat, defaultName: string): Promise<string | null> {
  const file = await invoke('dialog.saveFile', { defaultName, format });
  if (!file) return null;
  await invoke('history.export', { ids, format, path: file.handle });
  return `Saved ${file.name}`;
}
