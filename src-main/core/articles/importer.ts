import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { ArticleImportError, type Article } from './article';
import { chooseFormat, FORMAT_NAMES } from './choose-format';
import { importErrors } from './errors';
import type { ExtractContext, Extraction } from './formats/extraction';
import { extensionOf, formatForExtension, type FileFormat } from './extensions';
import { DEFAULT_IMPORT_LIMITS, resolveLimits, type ImportLimits } from './limits';
import { cleanTitle, countWords, normaliseText } from './normalise';

/** Any limit may be lowered or raised per call (tests do); the rest keep their defaults. */
export type ImportOptions = Partial<ImportLimits>;

export const DEFAULT_MAX_BYTES = DEFAULT_IMPORT_LIMITS.maxBytes;

type Extractor = (bytes: Uint8Array, context: ExtractContext) => Extraction | Promise<Extraction>;

/** Loaded on first use: the PDF, Word and mail libraries would otherwise slow every start-up. */
const EXTRACTORS: Record<FileFormat, () => Promise<Extractor>> = {
  txt: async () => (await import('./formats/txt')).extractTxt,
  md: async () => (await import('./formats/markdown')).extractMarkdown,
  html: async () => (await import('./formats/html')).extractHtml,
  pdf: async () => (await import('./formats/pdf')).extractPdf,
  docx: async () => (await import('./formats/docx')).extractDocx,
  eml: async () => (await import('./formats/eml')).extractEml,
};

/**
 * Reads an article from disk in this process. Only an ordinary file is read, and never more
 * than `maxBytes`, counted as they arrive: a pipe or a device reports a size of 0 and never ends.
 * The app and the CLI call this through the import worker (./worker), not directly.
 */
export async function importArticleFile(path: string, options: ImportOptions = {}): Promise<Article> {
  const name = basename(path);
  const limits = resolveLimits(options);
  const declared = declaredFormat(name);
  const bytes = await readRegularFile(path, name, limits.maxBytes);
  return importBytes(path, name, declared, bytes, limits);
}

/** Imports an article that is already in memory (e.g. dropped in the app); `name` decides the format. */
export async function importArticleBytes(name: string, bytes: Uint8Array, options: ImportOptions = {}): Promise<Article> {
  const displayName = basename(name);
  return importBytes(name, displayName, declaredFormat(displayName), bytes, resolveLimits(options));
}

async function readRegularFile(path: string, name: string, maxBytes: number): Promise<Uint8Array> {
  let handle: FileHandle | undefined;
  try {
    // Non-blocking, so opening a pipe with no writer returns at once and can be refused below.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    // The kind is taken from the opened file, so it cannot be swapped between check and read.
    const info = await handle.stat();
    if (info.isDirectory()) throw importErrors.folder(name);
    if (!info.isFile()) throw importErrors.specialFile(name, specialKind(info));
    if (info.size > maxBytes) throw importErrors.tooLarge(name, info.size, maxBytes);
    return await readAtMost(handle, name, maxBytes);
  } catch (error) {
    if (error instanceof ArticleImportError) throw error;
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'EISDIR') throw importErrors.folder(name);
    throw importErrors.unreadable(name, path, error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** A file that grows while it is read is still cut off at the limit. */
async function readAtMost(handle: FileHandle, name: string, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) throw importErrors.tooLarge(name, total, maxBytes);
  }
  return Buffer.concat(chunks, total);
}

function specialKind(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'a special file';
}

function declaredFormat(name: string): FileFormat {
  const extension = extensionOf(name);
  const format = formatForExtension(extension);
  if (!format) throw importErrors.unsupported(name, extension);
  return format;
}

async function importBytes(
  source: string,
  name: string,
  declared: FileFormat,
  bytes: Uint8Array,
  limits: ImportLimits,
): Promise<Article> {
  if (bytes.byteLength === 0) throw importErrors.zeroBytes(name);
  if (bytes.byteLength > limits.maxBytes) throw importErrors.tooLarge(name, bytes.byteLength, limits.maxBytes);
  const format = chooseFormat(declared, bytes, name);

  let extraction: Extraction;
  try {
    const extract = await EXTRACTORS[format]();
    extraction = await extract(bytes, { name, limits });
  } catch (error) {
    // Library failures never reach the writer raw; they mean the file could not be understood.
    if (error instanceof ArticleImportError) throw error;
    throw importErrors.corrupt(name, FORMAT_NAMES[format], error);
  }

  const text = normaliseText(extraction.text);
  if (!text) throw format === 'pdf' ? importErrors.noSelectableText(name) : importErrors.noText(name);
  const title = cleanTitle(extraction.title) || cleanTitle(text.split('\n')[0]) || name.replace(/\.[^.]*$/, '');
  return { title, text, source, wordCount: countWords(text), format };
}
