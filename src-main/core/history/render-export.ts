import type { SteeringSettings } from '../engine/steering-settings';
import { HistoryError } from './errors';
import type { ExportFormat, HistoryRecord } from './record';

/*
 * Exports are for people: one record reads like a short note, several are separated by a clear
 * rule. Output is deterministic (UTC dates, "\n" line endings, one trailing newline) so the same
 * records always give the same bytes.
 */

const TXT_SEPARATOR = `\n\n${'='.repeat(72)}\n\n`;
const MD_SEPARATOR = '\n\n---\n\n';
/** Keeps the model's line breaks (verse, lists) where Markdown would join lines into one. */
const HARD_BREAK = '\\\n';

const MODE_LABELS: Record<HistoryRecord['mode'], string> = {
  plain: 'Plain summary',
  prompted: 'Prompted style',
  steered: 'Steered style',
};

const METHOD_LABELS: Record<SteeringSettings['method'], string> = {
  actadd: 'ActAdd (front of prompt)',
  caa: 'CAA (after prompt)',
  all: 'all positions',
};

const CANCELLED_NOTE = 'generation was stopped early; this summary is incomplete.';

/** "2025-03-04T09:05:07.123Z" → "2025-03-04 09:05 UTC". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

export function titleOf(record: HistoryRecord): string {
  return oneLine(record.article.title) || 'Untitled article';
}

export function modeLabel(record: HistoryRecord): string {
  const style = record.style === null ? '' : oneLine(record.style);
  return style === '' || record.mode === 'plain' ? MODE_LABELS[record.mode] : `${MODE_LABELS[record.mode]} (${style})`;
}

function samplingLine(record: HistoryRecord): string {
  const s = record.sampling;
  return `temperature ${s.temperature}, top-p ${s.topP}, seed ${s.seed}, max tokens ${s.maxTokens}, repeat penalty ${s.repeatPenalty}`;
}

const FRONT_LABELS = { start: 'very start', message: "user's message", article: 'article' } as const;

function steeringLine(steering: SteeringSettings, code: (text: string) => string): string {
  const parts = [METHOD_LABELS[steering.method]];
  if (steering.pairId !== undefined) parts.push(`pair ${code(steering.pairId)}`);
  if (steering.vectorPath !== undefined) parts.push(`vector ${code(steering.vectorPath)}`);
  const layers = steering.layerStart === steering.layerEnd ? `layer ${steering.layerStart}` : `layers ${steering.layerStart}–${steering.layerEnd}`;
  parts.push(layers, `coefficient ${steering.coefficient}`);
  // Records from before these choices existed have neither; say nothing rather than guess.
  if (steering.method === 'actadd' && steering.frontAt) parts.push(`front at the ${FRONT_LABELS[steering.frontAt]}`);
  if (steering.prompt) parts.push(steering.prompt === 'styled' ? 'on the style prompt' : 'on the neutral prompt');
  return parts.join(', ');
}

/** The summary's lines with Windows/Mac line endings, trailing spaces and outer blank lines gone. */
export function summaryLines(output: string): string[] {
  const lines = output.replace(/\r\n?/gu, '\n').split('\n').map((line) => line.trimEnd());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function renderTxt(record: HistoryRecord): string {
  const fields: [string, string][] = [
    ['Title', titleOf(record)],
    ['Source', oneLine(record.article.source) || 'unknown'],
    ['Date', formatDate(record.createdAt)],
    ['Mode', modeLabel(record)],
    ['Model', oneLine(record.modelId)],
    ['Settings', samplingLine(record)],
  ];
  if (record.steering !== null) fields.push(['Steering', steeringLine(record.steering, oneLine)]);
  if (record.cancelled) fields.push(['Note', CANCELLED_NOTE]);
  const width = Math.max(...fields.map(([name]) => name.length)) + 2;
  const header = fields.map(([name, value]) => `${`${name}:`.padEnd(width)}${value}`).join('\n');
  const lines = summaryLines(record.output);
  // Runs of blank lines shrink to one, so paragraphs stay paragraphs without gaping holes.
  const body = lines.length === 0 ? '(no summary text)' : lines.join('\n').replace(/\n{3,}/gu, '\n\n');
  return `${header}\n\n${body}`;
}

/** Backslash-escapes what Markdown would read as formatting in running text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#]/gu, '\\$&').replace(/&(?=#?[A-Za-z0-9]+;)/gu, '\\&');
}

/** A code span that survives backticks inside the text. */
function codeSpan(text: string): string {
  const value = oneLine(text);
  if (value === '') return 'unknown';
  const longestRun = Math.max(0, ...(value.match(/`+/gu) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** One summary line as Markdown text: escaped, and never read as a heading, list, quote or rule. */
function markdownLine(line: string): string {
  return escapeMarkdown(line.trimStart())
    .replace(/^[-+=]/u, '\\$&')
    .replace(/^(\d+)([.)])/u, '$1\\$2');
}

function renderMd(record: HistoryRecord): string {
  const items: [string, string][] = [
    ['Source', codeSpan(record.article.source)],
    ['Date', formatDate(record.createdAt)],
    ['Mode', escapeMarkdown(modeLabel(record))],
    ['Model', codeSpan(record.modelId)],
    ['Settings', samplingLine(record)],
  ];
  if (record.steering !== null) items.push(['Steering', steeringLine(record.steering, codeSpan)]);
  if (record.cancelled) items.push(['Note', CANCELLED_NOTE]);
  const list = items.map(([name, value]) => `- **${name}:** ${value}`).join('\n');
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of summaryLines(record.output)) {
    if (line === '') {
      if (current.length > 0) paragraphs.push(current.join(HARD_BREAK));
      current = [];
    } else {
      current.push(markdownLine(line));
    }
  }
  if (current.length > 0) paragraphs.push(current.join(HARD_BREAK));
  const body = paragraphs.length === 0 ? '_(no summary text)_' : paragraphs.join('\n\n');
  return `# ${escapeMarkdown(titleOf(record))}\n\n${list}\n\n${body}`;
}

/** The export file's text for these records, in the order given. */
export function renderExport(records: readonly HistoryRecord[], format: ExportFormat): string {
  if (records.length === 0) return '';
  if (format === 'txt') return `${records.map(renderTxt).join(TXT_SEPARATOR)}\n`;
  if (format === 'md') return `${records.map(renderMd).join(MD_SEPARATOR)}\n`;
  throw new HistoryError('invalid-request', `Steerling cannot export to "${String(format)}"; choose .txt or .md.`);
}
