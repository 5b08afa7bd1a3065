import { importErrors } from './errors';
import type { FileFormat } from './extensions';
import { looksBinary, looksLikeEmail, sniff } from './sniff';

const TEXT_FORMATS: ReadonlySet<FileFormat> = new Set(['txt', 'md', 'html', 'eml']);

export const FORMAT_NAMES: Record<FileFormat, string> = {
  txt: 'text',
  md: 'Markdown',
  html: 'web page',
  pdf: 'PDF',
  docx: 'Word (.docx)',
  eml: 'email (.eml)',
};

/**
 * The extension says what the file should be; the first bytes say what it is. Unmistakable
 * signatures (PDF, Word zip, a full HTML page) win over the name, so a web page saved as
 * ".pdf" or a PDF renamed ".txt" still imports; binary data under a text name is refused.
 */
export function chooseFormat(declared: FileFormat, bytes: Uint8Array, name: string): FileFormat {
  const kind = sniff(bytes);
  switch (kind) {
    case 'pdf':
    case 'docx':
    case 'html':
      return kind;
    case 'ole':
    case 'zip':
      if (declared === 'docx') return 'docx';
      if (TEXT_FORMATS.has(declared)) throw importErrors.binary(name);
      throw importErrors.corrupt(name, FORMAT_NAMES[declared]);
    case 'utf16':
      // Mail parsers and the binary formats cannot read UTF-16; what is left is plain text.
      return declared === 'md' || declared === 'html' ? declared : 'txt';
    case 'unknown':
      if (looksBinary(bytes)) {
        if (TEXT_FORMATS.has(declared)) throw importErrors.binary(name);
        throw importErrors.corrupt(name, FORMAT_NAMES[declared]);
      }
      if (declared === 'pdf' || declared === 'docx') return 'txt';
      if (declared === 'eml' && !looksLikeEmail(bytes)) return 'txt';
      return declared;
  }
}
