/**
 * Reads a zip's central directory (the index at its end) without inflating anything, so a
 * Word file's unpacked size is known before a library unpacks it. Only what the limits need:
 * the number of entries, the sizes they declare, and where their data is.
 */
import { constants, inflateRawSync } from 'node:zlib';

export interface ZipDirectory {
  entries: number;
  inflatedBytes: number;
  /** Where each entry's data is and what the directory says it unpacks to. */
  files: { offset: number; compressedSize: number; method: number; size: number }[];
}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const END_SEARCH = 22 + 0xffff;

/** undefined when there is no readable directory; the zip library then reports the damage. */
export function readZipDirectory(bytes: Uint8Array): ZipDirectory | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - END_SEARCH); at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;

  let entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if ((entries === 0xffff || offset === 0xffffffff) && end >= 20 && view.getUint32(end - 20, true) === ZIP64_LOCATOR) {
    const zip64End = Number(view.getBigUint64(end - 20 + 8, true));
    if (zip64End + 56 > bytes.length || view.getUint32(zip64End, true) !== ZIP64_END) return undefined;
    entries = Number(view.getBigUint64(zip64End + 32, true));
    offset = Number(view.getBigUint64(zip64End + 48, true));
  }

  let inflatedBytes = 0;
  const files: ZipDirectory['files'] = [];
  let at = offset;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== DIRECTORY_ENTRY) return { entries, inflatedBytes: NaN, files };
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let size = view.getUint32(at + 24, true);
    if (size === 0xffffffff) size = zip64Size(view, at + 46 + nameLength, extraLength) ?? Number.POSITIVE_INFINITY;
    inflatedBytes += size;
    files.push({ offset: view.getUint32(at + 42, true), compressedSize: view.getUint32(at + 20, true), method: view.getUint16(at + 10, true), size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, inflatedBytes, files };
}

/** The real uncompressed size of a large entry sits in its "zip64" extra field. */
function zip64Size(view: DataView, from: number, length: number): number | undefined {
  for (let at = from; at + 4 <= from + length && at + 4 <= view.byteLength; ) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001 && size >= 8 && at + 12 <= view.byteLength) return Number(view.getBigUint64(at + 4, true));
    at += 4 + size;
  }
  return undefined;
}

/**
 * Whether every deflated entry stops where the directory says. Inflating is capped at one byte
 * past the declared size, so a zip that understates its sizes costs no more than it declares.
 */
export function zipSizesHonest(bytes: Uint8Array, directory: ZipDirectory): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const file of directory.files) {
    if (file.method !== 8 || file.offset + 30 > bytes.length || view.getUint32(file.offset, true) !== 0x04034b50) continue;
    const dataStart = file.offset + 30 + view.getUint16(file.offset + 26, true) + view.getUint16(file.offset + 28, true);
    const data = bytes.subarray(dataStart, Math.min(bytes.length, dataStart + file.compressedSize));
    try {
      inflateRawSync(data, { maxOutputLength: Math.max(1, file.size + 1), finishFlush: constants.Z_SYNC_FLUSH });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return false;
      // Damaged data: the zip library reports it.
    }
  }
  return true;
}
