import { ArticleImportError } from './article';
import { SUPPORTED_EXTENSIONS } from './extensions';
import { formatCount } from './limits';

/**
 * Every message a writer may see when an import fails, in one place so the wording stays
 * consistent. `name` is the file name as the writer knows it (not a full path).
 */
export const importErrors = {
  unsupported(name: string, extension: string): ArticleImportError {
    const what = extension ? `${extension} files aren't supported` : 'files without an extension aren\'t supported';
    return new ArticleImportError(
      'unsupported',
      `"${name}" can't be imported: ${what}. Supported types: ${SUPPORTED_EXTENSIONS.join(', ')}.`,
    );
  },
  legacyWord(name: string): ArticleImportError {
    return new ArticleImportError(
      'unsupported',
      `"${name}" is an old-style Word document (.doc). Open it in Word or LibreOffice, save it as .docx, and import it again.`,
    );
  },
  zeroBytes(name: string): ArticleImportError {
    return new ArticleImportError('empty', `"${name}" is empty (0 bytes).`);
  },
  noText(name: string): ArticleImportError {
    return new ArticleImportError('empty', `"${name}" contains no text to summarise.`);
  },
  noSelectableText(name: string): ArticleImportError {
    return new ArticleImportError(
      'empty',
      `"${name}" has no selectable text; it is probably a scanned image. Run it through OCR or paste the text in instead.`,
    );
  },
  emptyPaste(): ArticleImportError {
    return new ArticleImportError('empty', 'The pasted text is empty.');
  },
  binary(name: string): ArticleImportError {
    return new ArticleImportError(
      'binary',
      `"${name}" doesn't contain readable text: it holds binary data, so it is probably not the file you meant, or has the wrong extension.`,
    );
  },
  corrupt(name: string, kind: string, cause?: unknown): ArticleImportError {
    return new ArticleImportError(
      'corrupt',
      `"${name}" is damaged or isn't really a ${kind} file, so it can't be read. Try opening and re-saving it.`,
      { cause },
    );
  },
  truncated(name: string, cause?: unknown): ArticleImportError {
    return new ArticleImportError(
      'corrupt',
      `"${name}" is incomplete (the end of the file is missing, e.g. an interrupted download), so it can't be read.`,
      { cause },
    );
  },
  encrypted(name: string, cause?: unknown): ArticleImportError {
    return new ArticleImportError(
      'encrypted',
      `"${name}" is password-protected. Save an unprotected copy and import that instead.`,
      { cause },
    );
  },
  tooLarge(name: string, size: number, maxBytes: number): ArticleImportError {
    return new ArticleImportError(
      'too-large',
      `"${name}" is too large to import (${formatSize(size)}; the limit is ${formatSize(maxBytes)}).`,
    );
  },
  /** `found` and `limit` finish the sentence "<name> has …; Steerling reads at most …". */
  tooComplex(name: string, found: string, limit: string): ArticleImportError {
    return new ArticleImportError('too-complex', `"${name}" ${found}; Steerling reads at most ${limit}.`);
  },
  tooMany(name: string, count: number, what: string, limit: number): ArticleImportError {
    return importErrors.tooComplex(name, `has ${formatCount(count)} ${what}`, formatCount(limit));
  },
  folder(name: string): ArticleImportError {
    return new ArticleImportError('not-a-file', `"${name}" is a folder, not a file.`);
  },
  /** Pipes, devices and sockets never end or never hold an article; reading one would hang. */
  specialFile(name: string, kind: string): ArticleImportError {
    return new ArticleImportError(
      'not-a-file',
      `"${name}" is not an ordinary file (it is ${kind}), so Steerling won't read it. Save the article as a file and import that.`,
    );
  },
  timedOut(name: string, seconds: number): ArticleImportError {
    return new ArticleImportError(
      'timed-out',
      `Reading "${name}" took longer than ${formatCount(seconds)} s, so it was stopped. The file may be damaged or unusually complex; nothing else was affected.`,
    );
  },
  outOfMemory(name: string, megabytes: number): ArticleImportError {
    return new ArticleImportError(
      'out-of-memory',
      `Reading "${name}" needed more than ${formatCount(megabytes)} MB of memory, so it was stopped. The file may be damaged or unusually complex; nothing else was affected.`,
    );
  },
  crashed(name: string, detail: string): ArticleImportError {
    return new ArticleImportError(
      'crashed',
      `The importer stopped unexpectedly while reading "${name}" (${detail}); nothing else was affected. Try again, or open and re-save the file.`,
    );
  },
  unreadable(name: string, path: string, cause: unknown): ArticleImportError {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const message =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `"${name}" could not be found at ${path}. It may have been moved or deleted.`
        : code === 'EACCES' || code === 'EPERM'
          ? `Steerling isn't allowed to read "${name}". Check the file's permissions.`
          : code === 'EISDIR'
            ? `"${name}" is a folder, not a file.`
            : `"${name}" could not be read${code ? ` (${code})` : ''}.`;
    return new ArticleImportError('unreadable', message, { cause });
  },
};

export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'an unknown, very large size';
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${trimNumber(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${trimNumber(bytes / (1024 * 1024))} MB`;
  return `${trimNumber(bytes / 1024 ** 3)} GB`;
}

/** Enough digits that a size just over a limit never prints the same as the limit. */
function trimNumber(value: number): string {
  return value.toFixed(value < 10 ? 2 : 1).replace(/\.?0+$/, '');
}
