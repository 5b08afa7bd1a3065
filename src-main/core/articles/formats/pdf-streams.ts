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
