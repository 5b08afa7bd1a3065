import { CodedError } from '../coded-error';

/** An imported article, whatever file it came from. */
export interface Article {
  title: string;
  /** Plain text, paragraphs separated by blank lines. */
  text: string;
  /** Where it came from: a file path, a file name, or "pasted text". */
  source: string;
  wordCount: number;
  format: ArticleFormat;
}

export type ArticleFormat = 'txt' | 'md' | 'html' | 'pdf' | 'docx' | 'eml' | 'pasted';

export type ArticleImportErrorCode =
  | 'unsupported'
  | 'empty'
  | 'corrupt'
  | 'encrypted'
  | 'too-large'
  | 'too-complex'
  | 'unreadable'
  | 'not-a-file'
  | 'binary'
  | 'timed-out'
  | 'out-of-memory'
  | 'crashed';

/** Thrown by every importer; `message` is written for a writer, not a developer. */
export class ArticleImportError extends CodedError<ArticleImportErrorCode> {
  override readonly name = 'ArticleImportError';
}
