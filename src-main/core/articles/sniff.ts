/** What the first bytes of a file say it is, regardless of its name. */
export type SniffedKind = 'pdf' | 'docx' | 'zip' | 'ole' | 'html' | 'utf16' | 'unknown';

const PDF_MAGIC = ascii('%PDF-');
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function sniff(bytes: Uint8Array): SniffedKind {
  // The PDF spec lets readers accept junk before the header; Acrobat looks in the first 1 KB.
  if (indexOf(bytes.subarray(0, 1024), PDF_MAGIC) >= 0) return 'pdf';
  if (startsWith(bytes, ZIP_MAGIC)) {
    // Zip local headers store names uncompressed, so a Word document shows its main part early.
    return indexOf(bytes.subarray(0, 64 * 1024), ascii('word/')) >= 0 ? 'docx' : 'zip';
  }
  if (startsWith(bytes, OLE_MAGIC)) return 'ole';
  if (hasUtf16Bom(bytes)) return 'utf16';
  if (looksLikeHtmlDocument(bytes)) return 'html';
  return 'unknown';
}

export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/**
 * Password-protected Office files are not zips at all but OLE containers holding an
 * "EncryptionInfo" stream; without it an OLE file is a legacy .doc.
 */
export function isEncryptedOffice(bytes: Uint8Array): boolean {
  return indexOf(bytes, utf16le('EncryptionInfo')) >= 0;
}

/**
 * Only a document that opens like a web page counts; markdown may contain tags too. Leading
 * comments are skipped by a plain scan: a regular expression for "comments, then a tag" can
 * backtrack exponentially on a run of empty comments.
 */
function looksLikeHtmlDocument(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512)).replace(/^\ufeff|^\u00ef\u00bb\u00bf/, '');
  let at = skipSpace(head, 0);
  while (head.startsWith('<!--', at)) {
    const end = head.indexOf('-->', at + 4);
    if (end < 0) return false;
    at = skipSpace(head, end + 3);
  }
  return /^<(!doctype\s+html|html[\s>])/i.test(head.slice(at, at + 32));
}

function skipSpace(text: string, from: number): number {
  let at = from;
  while (at < text.length && /\s/.test(text[at])) at++;
  return at;
}

/**
 * Text never contains NUL bytes (UTF-16 is let through by its BOM before this check) and only
 * rarely control characters; a sizeable share of either means the file is not text.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  if (hasUtf16Bom(bytes)) return false;
  const sample = bytes.subarray(0, 8192);
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) controls++;
  }
  return sample.length > 0 && controls / sample.length > 0.05;
}

/** An .eml opens with a header line ("Name: value"); anything else is not a saved email. */
export function looksLikeEmail(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).replace(/^\u00ef\u00bb\u00bf/, '');
  return /^(From [^\n]*\n)?[\x21-\x39\x3b-\x7e]+:/.test(head);
}

/** Acrobat treats a PDF as complete only if "%%EOF" appears within its last 1 KB. */
export function hasPdfTrailer(bytes: Uint8Array): boolean {
  return indexOf(bytes.subarray(Math.max(0, bytes.length - 1024)), ascii('%%EOF')) >= 0;
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}

function utf16le(text: string): number[] {
  return [...text].flatMap((char) => [char.charCodeAt(0), 0]);
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function indexOf(bytes: Uint8Array, needle: number[]): number {
  const first = needle[0];
  for (let i = bytes.indexOf(first); i >= 0 && i <= bytes.length - needle.length; i = bytes.indexOf(first, i + 1)) {
    if (needle.every((byte, j) => bytes[i + j] === byte)) return i;
  }
  return -1;
}
