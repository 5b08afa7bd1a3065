/**
 * How `steerling eval`, `compare` and `sweep` print their results: numbers rounded for reading
 * (the JSON/CSV outputs keep them exact), aligned columns, and a dash for a score that could not
 * be computed, with the reason printed below.
 */
import type { ComparisonResult } from '../core/eval/compare/types';
import { describeConfig } from '../core/eval/compare/markdown';
import { JUDGE_CRITERIA, scoreOf } from '../core/eval/judge/parse';
import type { SummaryScores } from '../core/eval/score-types';
import type { SweepCell, SweepResult } from '../core/eval/sweep/types';

const DASH = '–';

export function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : value.toFixed(digits);
}

export function alignTable(rows: string[][], rightAligned: (column: number) => boolean = (c) => c > 0): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, [...cell].length)), []);
  return rows.map((row) =>
    `  ${row.map((cell, i) => (rightAligned(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ')}`.trimEnd(),
  );
}

function judgeLine(scores: SummaryScores): string {
  if (!scores.judge) return DASH;
  return JUDGE_CRITERIA.map((criterion) => `${criterion} ${scoreOf(scores.judge!.ratings[criterion]) ?? '?'}`).join(' · ');
}

/** One text's scores, one per line. */
export function formatScores(scores: SummaryScores): string[] {
  const { archaic, content, facts, contrast, perplexity } = scores;
  const markers = [...new Set(archaic.markers.map((m) => m.word.toLowerCase()))].slice(0, 8);
  const rouge = (r: NonNullable<typeof content.vsPlain>) => `ROUGE-1 F1 ${fixed(r.rouge1.f1, 3)} · ROUGE-2 F1 ${fixed(r.rouge2.f1, 3)} · ROUGE-L F1 ${fixed(r.rougeL.f1, 3)}`;
  const lines = alignTable(
    [
      ['Archaic markers', `${fixed(archaic.rate, 1)} per 100 words (${archaic.count} of ${archaic.words} words${markers.length ? `: ${markers.join(', ')}` : ''})`],
      ['Contrast', contrast ? `${fixed(contrast.score, 3)} nats per token (above 0: more like the style)` : DASH],
      ['Against plain', content.vsPlain ? rouge(content.vsPlain) : `${DASH} (no plain summary to compare with)`],
      ['Against article', `ROUGE-1 recall ${fixed(content.vsArticle.rouge1.recall, 3)} · ROUGE-L recall ${fixed(content.vsArticle.rougeL.recall, 3)}`],
      ['Facts found', facts.share === null ? `${DASH} (no names, numbers or dates to check)` : `${fixed(facts.share, 2)} (${facts.found} of ${facts.total})${facts.missing.length ? `; not in the article: ${facts.missing.join(', ')}` : ''}`],
      ['Perplexity', perplexity ? `${fixed(perplexity.perplexity, 1)} over ${perplexity.tokens} tokens` : DASH],
      ['Judge (1–5)', judgeLine(scores)],
    ],
    () => false,
  );
  for (const problem of scores.problems) lines.push(`  Not scored: ${problem}`);
  return lines;
}

/** The comparison as one table, rows in the order asked for. */
export function formatComparison(result: ComparisonResult): string[] {
  const header = ['Configuration', 'Archaic/100w', 'Contrast', 'ROUGE-L vs plain', 'R-1 recall vs article', 'Facts', 'Perplexity', 'Judge F/C/Fl/S'];
  const rows = result.rows.map((row) => {
    const name = row.config.label ?? row.config.id;
    const s = row.scores;
    if (row.error || !s) return [name, 'failed', '', '', '', '', '', ''];
    const judge = s.judge ? JUDGE_CRITERIA.map((c) => scoreOf(s.judge!.ratings[c]) ?? '?').join('/') : DASH;
    return [
      name,
      fixed(s.archaic.rate, 1),
      fixed(s.contrast?.score, 3),
      fixed(s.content.vsPlain?.rougeL.f1, 3),
      fixed(s.content.vsArticle.rouge1.recall, 3),
      s.facts.share === null ? DASH : `${s.facts.found}/${s.facts.total}`,
      fixed(s.perplexity?.perplexity, 1),
      judge,
    ];
  });
  const lines = alignTable([header, ...rows]);
  for (const row of result.rows) {
    lines.push('', `${row.config.label ?? row.config.id} (${describeConfig(row.config)}):`);
    lines.push(row.error ? `  Could not be summarised: ${row.error}` : `  ${row.output.trim().replace(/\s*\n\s*/g, ' ') || '(empty)'}`);
  }
  const missing = result.configs.filter((config) => !result.rows.some((row) => row.config.id === config.id));
  if (missing.length > 0) lines.push('', `Not run yet: ${missing.map((c) => c.label ?? c.id).join(', ')}.`);
  return lines;
}

function cellText(cell: SweepCell | undefined, digits: number, best: string | undefined): string {
  if (!cell) return DASH;
  if (cell.error) return 'error';
  return `${fixed(cell.styleScore, digits)}/${fixed(cell.contentScore, 2)}${cell.key === best ? '*' : ''}`;
}

/** One grid per method (and layer span): rows are layers, columns coefficients, each cell style/content. */
export function formatSweepGrid(result: SweepResult): string[] {
  const digits = result.styleScore === 'archaic' ? 1 : 3;
  const best = result.best.cell?.key;
  const coefficients = result.spec.coefficients;
  const span = result.spec.layerSpan ?? 1;
  const lines: string[] = [];
  for (const method of result.spec.methods) {
    lines.push(`${method}: rows are ${span > 1 ? `first layers (each cell steers ${span} layers)` : 'layers'}, columns coefficients; each cell is ${result.styleScore} style score/ROUGE-L against plain`);
    const rows = result.spec.layers.map((layer) => [
      String(layer),
      ...coefficients.map((c) => cellText(result.cells.find((cell) => cell.method === method && cell.layerStart === layer && cell.coefficient === c), digits, best)),
    ]);
    lines.push(...alignTable([['layer', ...coefficients.map((c) => `×${c}`)], ...rows]), '');
  }
  const { plain, prompted } = result.baselines;
  lines.push(
    `Baselines: plain style ${fixed(plain?.styleScore, digits)}; prompted style ${fixed(prompted?.styleScore, digits)}, ROUGE-L against plain ${fixed(prompted?.contentScore, 2)}.`,
  );
  const errors = result.cells.filter((cell) => cell.error);
  if (errors.length > 0) lines.push(`${errors.length} cell${errors.length === 1 ? '' : 's'} failed, e.g. ${errors[0].key}: ${errors[0].error}`);
  return lines;
}
