import { writeFileAtomically, type AtomicWriteIo } from './atomic-write';
import { HistoryError } from './errors';
import type { ExportFormat, HistoryRecord } from './record';
import { renderExport } from './render-export';

/** Renders the records and saves them atomically at `path` (UTF-8, no BOM). */
export async function writeExport(
  records: readonly HistoryRecord[],
  format: ExportFormat,
  path: string,
  io?: AtomicWriteIo,
): Promise<{ path: string; bytes: number }> {
  if (records.length === 0) {
    throw new HistoryError('invalid-request', 'Choose at least one result to export.');
  }
  const data = Buffer.from(renderExport(records, format), 'utf8');
  const written = await writeFileAtomically(path, data, io);
  return { path: written, bytes: data.length };
}
