import { createHash } from 'node:crypto';

/** sha256 of the UTF-8 bytes, lower-case hex: the `textHash` every HistoryArticle carries. */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
