import type { ArticleFormat } from './article';

export const SUPPORTED_EXTENSIONS = [
  '.txt',
  '.md',
  '.markdown',
  '.html',
  '.htm',
  '.pdf',
  '.docx',
  '.eml',
] as const;

export type FileFormat = Exclude<ArticleFormat, 'pasted'>;

const FORMAT_BY_EXTENSION: Record<(typeof SUPPORTED_EXTENSIONS)[number], FileFormat> = {
  '.txt': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.eml': 'eml',
};

/** Lower-cased extension including the dot, or '' when the name has none. */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

export function formatForExtension(extension: string): FileFormat | undefined {
  return (FORMAT_BY_EXTENSION as Record<string, FileFormat>)[extension];
}
