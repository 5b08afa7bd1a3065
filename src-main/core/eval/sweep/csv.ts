/**
 * A sweep as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line
 * breaks in double quotes with quotes doubled), one row per baseline and per cell, for
 * spreadsheets and plotting. Numbers are written exactly; a missing score is an empty field.
 * A cell run with several samples carries their count and, for the style and content scores (whose
 * means are the cell's scores), the standard deviation over the samples (population, as the app
 * shows it) and the smallest and largest sample; a cell of one sample has count 1 and no spread.
 */
import { JUDGE_CRITERIA, scoreOf } from '../judge/parse';
import type { ScoredText, SweepCell, SweepResult } from './types';

export const SWEEP_CSV_COLUMNS = [
  'kind',
  'method',
  'layer_start',
  'layer_end',
  'coefficient',
  'style_score',
  'content_score',
  'eligible',
  'best',
  'samples',
  'style_std',
  'style_min',
  'style_max',
  'content_std',
  'content_min',
  'content_max',
  'archaic_rate',
  'contrast',
  'rouge1_f1_vs_plain',
  'rouge2_f1_vs_plain',
  'rougeL_f1_vs_plain',
  'rouge1_recall_vs_article',
  'facts_share',
  'perplexity',
  ...JUDGE_CRITERIA.map((criterion) => `judge_${criterion}`),
  'generation_ms',
  'error',
  'output',
] as const;

type Field = string | number | boolean | null | undefined;

export function csvField(value: Field): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function scoreFields(row: ScoredText): Field[] {
  const s = row.scores;
  return [
    row.styleScore,
    row.contentScore,
    s?.archaic.rate,
    s?.contrast?.score,
    s?.content.vsPlain?.rouge1.f1,
    s?.content.vsPlain?.rouge2.f1,
    s?.content.vsPlain?.rougeL.f1,
    s?.content.vsArticle.rouge1.recall,
    s?.facts.share,
    s?.perplexity?.perplexity,
    ...JUDGE_CRITERIA.map((criterion) => (s?.judge ? scoreOf(s.judge.ratings[criterion]) : null)),
    Math.round(row.generationMs),
    row.error,
    row.output,
  ];
}

export function sweepToCsv(result: SweepResult): string {
  const rows: Field[][] = [[...SWEEP_CSV_COLUMNS]];
  const threshold = result.best.threshold;
  const baseline = (kind: 'plain' | 'prompted', row: ScoredText | undefined) => {
    if (!row) return;
    const [styleScore, contentScore, ...rest] = scoreFields(row);
    rows.push([kind, null, null, null, null, styleScore, contentScore, null, null, ...NO_SPREAD, ...rest]);
  };
  baseline('plain', result.baselines.plain);
  baseline('prompted', result.baselines.prompted);
  for (const cell of result.cells) {
    const [styleScore, contentScore, ...rest] = scoreFields(cell);
    const eligible = threshold !== null && cell.contentScore !== null && !cell.error ? cell.contentScore >= threshold : null;
    rows.push(['cell', cell.method, cell.layerStart, cell.layerEnd, cell.coefficient, styleScore, contentScore, eligible, isBest(result, cell), ...spreadFields(cell), ...rest]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const NO_SPREAD: Field[] = [null, null, null, null, null, null, null];

/** The range of a cell's sample scores, or nothing when any sample has no score. */
function range(scores: readonly (number | null)[]): [Field, Field] {
  if (scores.length === 0 || scores.some((score) => score === null)) return [null, null];
  const numbers = scores as number[];
  return [Math.min(...numbers), Math.max(...numbers)];
}

function spreadFields(cell: SweepCell): Field[] {
  const samples = cell.samples;
  if (!samples) return [cell.error ? null : 1, null, null, null, null, null, null];
  return [
    samples.outputs.length,
    samples.styleSpread,
    ...range(samples.styleScores),
    samples.contentSpread,
    ...range(samples.contentScores),
  ];
}

function isBest(result: SweepResult, cell: SweepCell): boolean {
  return result.best.cell?.key === cell.key;
}
