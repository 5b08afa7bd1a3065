import mammoth from 'mammoth';
import { formatSize, importErrors } from '../errors';
import { readZipDirectory, zipSizesHonest } from '../zip-directory';
import { titleFromFirstLine } from '../normalise';
import { isEncryptedOffice, sniff } from '../sniff';
import type { ExtractContext, Extraction } from './extraction';

export async function extractDocx(bytes: Uint8Array, { name, limits }: ExtractContext): Promise<Extraction> {
  // Word saves password-protected documents (and old .doc files) as OLE containers, not zips.
  if (sniff(bytes) === 'ole') {
    throw isEncryptedOffice(bytes) ? importErrors.encrypted(name) : importErrors.legacyWord(name);
  }
  // A few kilobytes of zip can declare gigabytes of XML; the directory says so before inflating.
  const directory = readZipDirectory(bytes);
  if (directory && directory.entries > limits.maxZipEntries) {
    throw importErrors.tooMany(name, directory.entries, 'files packed inside it', limits.maxZipEntries);
  }
  if (directory && Number.isNaN(directory.inflatedBytes)) throw importErrors.corrupt(name, 'Word (.docx)');
  if (directory && directory.inflatedBytes > limits.maxZipInflatedBytes) {
    throw importErrors.tooComplex(name, `unpacks to ${formatSize(directory.inflatedBytes)}`, formatSize(limits.maxZipInflatedBytes));
  }
  // The sizes are the zip's own claim; one that unpacks to more than it says is not a Word file.
  if (directory && !zipSizesHonest(bytes, directory)) throw importErrors.corrupt(name, 'Word (.docx)');
  let text: string;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    text = (await mammoth.extractRawText({ buffer })).value;
  } catch (error) {
    throw importErrors.corrupt(name, 'Word (.docx)', error);
  }
  return { title: titleFromFirstLine(text), text };
}
