/** Scores as a writer reads them: a few digits, the unit where there is one, and honest blanks. */
import type { SummaryScores } from '../../src-main/ipc/contract';
import type { SteeringSettings } from '../../src-main/ipc/contract';

/** The judge's criteria in the order the rubric asks them. */
export const JUDGE_CRITERIA = ['faithfulness', 'coverage', 'fluency', 'style'] as const;
export type JudgeCriterion = (typeof JUDGE_CRITERIA)[number];

export const NOT_SCORED = '—';

export function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? NOT_SCORED : value.toFixed(digits);
}

const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Perplexity: one decimal, grouped, since broken text reaches tens of thousands. */
export function perplexityText(scores: SummaryScores): string {
  return scores.perplexity ? oneDecimal.format(scores.perplexity.perplexity) : NOT_SCORED;
}

export function signed(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NOT_SCORED;
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(digits)}`;
}

export function archaicText(scores: SummaryScores): string {
  return `${scores.archaic.rate.toFixed(1)} per 100 words`;
}

export function factsText(scores: SummaryScores): string {
  const { share, found, total } = scores.facts;
  return share === null ? 'no facts stated' : `${found} of ${total} (${Math.round(share * 100)}%)`;
}

export type JudgeCell = { kind: 'score'; value: number } | { kind: 'unparsed'; reason: string } | { kind: 'none' };

export function judgeCell(scores: SummaryScores, criterion: JudgeCriterion): JudgeCell {
  const rating = scores.judge?.ratings[criterion];
  if (!rating) return { kind: 'none' };
  return 'score' in rating ? { kind: 'score', value: rating.score } : { kind: 'unparsed', reason: rating.unparsed };
}

/** The style score a sweep ranks by, with its unit. */
export function styleScoreText(value: number | null, name: 'archaic' | 'contrast'): string {
  if (value === null) return NOT_SCORED;
  return name === 'archaic' ? `${value.toFixed(1)} per 100 words` : `${signed(value, 3)} nats/token`;
}

export function layersText(start: number, end: number): string {
  return start === end ? `layer ${start}` : `layers ${start}–${end}`;
}

export const METHOD_SHORT: Record<SteeringSettings['method'], string> = { actadd: 'ActAdd', caa: 'CAA', all: 'All positions' };

/** "CAA, layer 3, ×4" */
export function steeringText(steering: Pick<SteeringSettings, 'method' | 'layerStart' | 'layerEnd' | 'coefficient'>): string {
  return `${METHOD_SHORT[steering.method]}, ${layersText(steering.layerStart, steering.layerEnd)}, ×${steering.coefficient}`;
}

/** A shortened output for tooltips and cell details, cut at a word. */
export function excerpt(text: string, limit = 280): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), limit * 0.8))}…`;
}
