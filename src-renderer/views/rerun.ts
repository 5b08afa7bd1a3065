/** Writing a saved summary again: its article, mode, style, sampling and steering brought back. */
import type { Article, ArticleFormat } from '../../src-main/ipc/contract';
import type { HistoryRecord } from '../../src-main/ipc/contract';
import { article } from '../stores/article.svelte';
import { history } from '../stores/history.svelte';
import { settings } from '../stores/settings.svelte';
import { steering } from '../stores/steering.svelte';
import { summary } from '../stores/summary.svelte';
import { summarise } from './summarise';

const FORMATS: Record<string, ArticleFormat> = { txt: 'txt', md: 'md', markdown: 'md', html: 'html', htm: 'html', pdf: 'pdf', docx: 'docx', eml: 'eml' };

/** History keeps the text and the source's name, not the file type: the name's extension says it. */
function formatOf(source: string): ArticleFormat {
  const extension = /\.([a-z]+)$/i.exec(source)?.[1]?.toLowerCase() ?? '';
  return FORMATS[extension] ?? 'pasted';
}

/** Loads the record's article and settings into the compose view, with no summary shown yet. */
export function restoreRecord(record: HistoryRecord): void {
  const again: Article = { ...record.article, format: formatOf(record.article.source) };
  article.use(again);
  settings.restore(record.mode, record.style, record.sampling);
  if (record.steering) steering.restore(record.steering);
  summary.clear();
  history.close();
}

/** The same article and settings with a new seed, written straight away. */
export function regenerate(record?: HistoryRecord): void {
  if (record) restoreRecord(record);
  settings.newSeed();
  summarise();
}
