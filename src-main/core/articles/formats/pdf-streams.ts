import { constants, inflateSync } from 'node:zlib';

/** How far before a "stream" keyword its dictionary is looked for. */
const DICTIONARY_WINDOW = 2048;

/**
 * How many bytes the compressed streams that text extraction decodes (page content, fonts,
 * object streams: every Flate stream but images) unpack to, counting no further than `budget`.
 * A few hundred kilobytes of PDF can unpack to gigabytes, and pdf.js would read them all; this
 * runs zlib with an output cap first, so the answer costs at most `budget` bytes of inflating.
 */
export function inflatedStreamBytes(bytes: Uint8Array, budget: number): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (let at = buffer.indexOf('stream'); at >= 0; at = buffer.indexOf('stream', at + 6)) {
    // "endstream" ends a stream; only a keyword right after a dictionary starts one.
    if (at >= 3 && buffer.toString('latin1', at - 3, at) === 'end') continue;
    const dictionary = buffer.toString('latin1', Math.max(0, at - DICTIONARY_WINDOW), at);
    const start = dictionary.lastIndexOf('obj');
    const own = start >= 0 ? dictionary.slice(start) : dictionary;
    if (!/\/(FlateDecode|Fl)\b/.test(own) || /\/Subtype\s*\/Image\b/.test(own)) continue;
    let dataStart = at + 6;
    if (buffer[dataStart] === 0x0d) dataStart++;
    if (buffer[dataStart] === 0x0a) dataStart++;
    let end = buffer.indexOf('endstream', dataStart);
    if (end < 0) end = buffer.length;
    try {
      total += inflateSync(buffer.subarray(dataStart, end), {
        maxOutputLength: budget - total + 1,
        // Damaged streams still count for what they yield; pdf.js reads those too.
        finishFlush: constants.Z_SYNC_FLUSH,
      }).length;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return budget + 1;
      // Not zlib data after all (or encrypted): pdf.js decides what it is.
    }
    if (total > budget) return total;
    at = end;
  }
  return total;
}

/**
 * How deeply the PDF's dictionaries and arrays nest, stream data, strings and comments aside.
 * Real files stay below ten; pdf.js takes minutes on a few thousand unclosed dictionaries.
 */
export function pdfNestingDepth(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let depth = 0;
  let deepest = 0;
  for (let at = 0; at < buffer.length; at++) {
    const byte = buffer[at];
    if (byte === 0x3c /* < */ && buffer[at + 1] === 0x3c) {
      at++;
      if (++depth > deepest) deepest = depth;
    } else if (byte === 0x3e /* > */ && buffer[at + 1] === 0x3e) {
      at++;
      if (depth > 0) depth--;
    } else if (byte === 0x5b /* [ */) {
      if (++depth > deepest) deepest = depth;
    } else if (byte === 0x5d /* ] */) {
      if (depth > 0) depth--;
    } else if (byte === 0x25 /* % */) {
      while (at < buffer.length && buffer[at] !== 0x0a && buffer[at] !== 0x0d) at++;
    } else if (byte === 0x28 /* ( */) {
      at = stringEnd(buffer, at);
    } else if (byte === 0x73 /* s */ && buffer.toString('latin1', at, at + 6) === 'stream' && buffer.toString('latin1', at - 3, at) !== 'end') {
      const end = buffer.indexOf('endstream', at + 6);
      at = end < 0 ? buffer.length : end + 8;
    }
  }
  return deepest;
}

/** The index of the ")" that closes the string opened at `start` (balanced, with escapes). */
function stringEnd(buffer: Buffer, start: number): number {
  let open = 0;
  for (let at = start; at < buffer.length; at++) {
    const byte = buffer[at];
    if (byte === 0x5c /* \ */) at++;
    else if (byte === 0x28) open++;
    else if (byte === 0x29 && --open === 0) return at;
  }
  return buffer.length;
}
