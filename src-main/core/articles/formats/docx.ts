import mammoth from 'mammoth';
import { importErrors } from '../errors';
import { titleFromFirstLine } from '../normalise';
import { isEncryptedOffice, sniff } from '../sniff';
import type { ExtractContext, Extraction } from './extraction';

export async function extractDocx(bytes: Uint8Array, { name }: ExtractContext): Promise<Extraction> {
  // Word saves password-protected documents (and old .doc files) as OLE containers, not zips.
  if (sniff(bytes) === 'ole') {
    throw isEncryptedOffice(bytes) ? importErrors.encrypted(name) : importErrors.legacyWord(name);
  }
  let text: string;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    text = (await mammoth.extractRawText({ buffer })).value;
  } catch (error) {
    throw importErrors.corrupt(name, 'Word (.docx)', error);
  }
  return { title: titleFromFirstLine(text), text };
}
