import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically, type AtomicWriteIo } from './atomic-write';
import { HistoryError } from './errors';
import { uniqueFileName } from './file-names';
import type { DocumentFormat, HistoryRecord } from './record';
import { renderDocx } from './render-docx';
import { renderExport } from './render-export';

export type { DocumentFormat };

async function render(records: readonly HistoryRecord[], format: DocumentFormat): Promise<Uint8Array> {
  return format === 'docx' ? renderDocx(records) : Buffer.from(renderExport(records, format), 'utf8');
}

function requireRecords(records: readonly HistoryRecord[]): void {
  if (records.length === 0) {
    throw new HistoryError('invalid-request', 'Choose at least one result to export.');
  }
}

/** Renders the records into one file and saves it atomically at `path` (text: UTF-8, no BOM). */
export async function writeExport(
  records: readonly HistoryRecord[],
  format: DocumentFormat,
  path: string,
  io?: AtomicWriteIo,
): Promise<{ path: string; bytes: number }> {
  requireRecords(records);
  const data = await render(records, format);
  const written = await writeFileAtomically(path, data, io);
  return { path: written, bytes: data.length };
}

export interface FolderExport {
  dir: string;
  files: { id: string; path: string; bytes: number }[];
}

/**
 * One file per record in `dir` (created if needed), named from its article's title. A name in
 * use, on disk or earlier in this export, gets a " (2)", " (3)"… suffix: nothing is replaced.
 */
export async function writeExportFolder(records: readonly HistoryRecord[], format: DocumentFormat, dir: string): Promise<FolderExport> {
  requireRecords(records);
  await fs.mkdir(dir, { recursive: true });
  const taken = new Set((await fs.readdir(dir)).map((name) => name.toLowerCase()));
  const files: FolderExport['files'] = [];
  for (const record of records) {
    const data = await render([record], format);
    for (;;) {
      const name = uniqueFileName(record.article.title, format, (candidate) => taken.has(candidate.toLowerCase()));
      taken.add(name.toLowerCase());
      const file = path.join(dir, name);
      try {
        // 'wx': a file that appeared since the folder was read is skipped, never overwritten.
        await fs.writeFile(file, data, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      files.push({ id: record.id, path: file, bytes: data.length });
      break;
    }
  }
  return { dir, files };
}
