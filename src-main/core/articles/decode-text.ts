import chardet from 'chardet';
import iconv from 'iconv-lite';
import { DEFAULT_IMPORT_LIMITS } from './limits';

/**
 * Decodes bytes of unknown encoding. Order: a byte-order mark wins, then strict UTF-8 (which
 * also covers ASCII), then the encoding the document declares (`declared`, e.g. an HTML meta
 * charset), then chardet's statistical guess over the first `sampleBytes` (its cost grows with
 * the input, and a longer sample does not make the guess better).
 */
export function decodeText(
  bytes: Uint8Array,
  declared?: () => string | undefined,
  sampleBytes: number = DEFAULT_IMPORT_LIMITS.encodingSampleBytes,
): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return iconv.decode(buffer.subarray(3), 'utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(buffer.subarray(2), 'utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(buffer.subarray(2), 'utf16be');

  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: fall through to the declared or guessed single-byte encoding.
  }

  const encoding = usable(declared?.()) ?? guessEncoding(bytes.subarray(0, sampleBytes)) ?? 'windows-1252';
  return iconv.decode(buffer, encoding);
}

/** How far (in chardet confidence points) another Latin guess must lead to beat Western European. */
const WESTERN_MARGIN = 15;

/**
 * chardet tells Latin-script single-byte encodings apart by letter statistics, which are weak on
 * short texts (French often comes back as Central European ISO-8859-2). Western European is by
 * far the likeliest for a news article, so it wins unless another guess leads clearly.
 */
function guessEncoding(bytes: Uint8Array): string | undefined {
  const matches = chardet.analyse(bytes);
  const top = matches[0];
  if (!top) return undefined;
  const western = matches.find((match) => match.name === 'ISO-8859-1' || match.name === 'windows-1252');
  if (western && top.confidence - western.confidence <= WESTERN_MARGIN) return 'windows-1252';
  return usable(top.name);
}

function usable(encoding: string | null | undefined): string | undefined {
  if (!encoding) return undefined;
  const name = encoding.trim().toLowerCase();
  // Files labelled Latin-1 are nearly always Windows-1252 in practice (curly quotes, dashes in
  // 0x80–0x9F), and 1252 decodes true Latin-1 text identically; browsers make the same choice.
  if (name === 'iso-8859-1' || name === 'latin1' || name === 'us-ascii' || name === 'ascii') return 'windows-1252';
  // A BOM-less UTF-16 guess on bytes that failed UTF-8 is almost always wrong for articles.
  if (name.startsWith('utf-16') || name.startsWith('utf-32') || name === 'utf-8') return undefined;
  return iconv.encodingExists(name) ? name : undefined;
}
