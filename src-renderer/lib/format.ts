/** Small display helpers shared by views; all output is written for a reader, not a log. */
import type { SummaryMode, SummaryStats } from '../../src-main/ipc/contract';

const numberFormat = new Intl.NumberFormat(undefined);
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatCount(n: number, one: string, many: string): string {
  return `${numberFormat.format(n)} ${n === 1 ? one : many}`;
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function describeStats(stats: SummaryStats): string {
  const parts = [formatCount(stats.outputTokens, 'token', 'tokens') + ` in ${formatSeconds(stats.totalMs)}`];
  if (stats.totalMs > 0 && stats.outputTokens > 0) {
    parts.push(`${(stats.outputTokens / (stats.totalMs / 1000)).toFixed(1)} tokens/s`);
  }
  parts.push(`first words after ${formatSeconds(stats.timeToFirstTokenMs)}`);
  if (stats.chunks > 1) parts.push(`read in ${stats.chunks} parts`);
  return parts.join(' · ');
}

export function modeLabel(mode: SummaryMode, styleLabel?: string | null): string {
  if (mode === 'plain') return 'Plain';
  if (mode === 'prompted') return styleLabel ? `Prompted · ${styleLabel}` : 'Prompted';
  return styleLabel ? `Steered · ${styleLabel}` : 'Steered';
}

/** The last path segment, for showing a file without its folders. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/**
 * Opening paragraphs of an article, trimmed to roughly `limit` characters at a word boundary.
 * A first paragraph that only repeats the title is skipped: the title is shown above it.
 */
export function openingLines(text: string, limit = 520, title = ''): string {
  const paragraphs = text.trim().split(/\n\s*\n/);
  const squash = (value: string) => value.replace(/\s+/g, ' ').trim().toLowerCase();
  if (paragraphs.length > 1 && title && squash(paragraphs[0]) === squash(title)) paragraphs.shift();
  const flat = paragraphs.slice(0, 3).join('\n\n');
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), limit * 0.8))}…`;
}

/** Shared with the backend's folder export, so the app's and the backend's names agree. */
export { titleForFileName } from '../../src-main/ipc/constants';
