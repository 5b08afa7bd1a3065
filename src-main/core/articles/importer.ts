import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ArticleImportError, type Article } from './article';
import { chooseFormat, FORMAT_NAMES } from './choose-format';
import { importErrors } from './errors';
import type { ExtractContext, Extraction } from './formats/extraction';
import { extensionOf, formatForExtension, type FileFormat } from './extensions';
import { cleanTitle, countWords, normaliseText } from './normalise';

export interface ImportOptions {
  /** Refuse files larger than this many bytes (default 50 MB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

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

/** Reads an article from disk; the size is checked before anything is read. */
export async function importArticleFile(path: string, options: ImportOptions = {}): Promise<Article> {
  const name = basename(path);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const declared = declaredFormat(name);
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    }
    if (info.size > maxBytes) throw importErrors.tooLarge(name, info.size, maxBytes);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof ArticleImportError) throw error;
    throw importErrors.unreadable(name, path, error);
  }
  return importBytes(path, name, declared, bytes, maxBytes);
}

/** Imports an article that is already in memory (e.g. dropped in the app); `name` decides the format. */
export async function importArticleBytes(name: string, bytes: Uint8Array, options: ImportOptions = {}): Promise<Article> {
  const displayName = basename(name);
  return importBytes(name, displayName, declaredFormat(displayName), bytes, options.maxBytes ?? DEFAULT_MAX_BYTES);
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
  maxBytes: number,
): Promise<Article> {
  if (bytes.byteLength === 0) throw importErrors.zeroBytes(name);
  if (bytes.byteLength > maxBytes) throw importErrors.tooLarge(name, bytes.byteLength, maxBytes);
  const format = chooseFormat(declared, bytes, name);

  let extraction: Extraction;
  try {
    const extract = await EXTRACTORS[format]();
    extraction = await extract(bytes, { name });
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
