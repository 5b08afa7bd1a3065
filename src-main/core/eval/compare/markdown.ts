/**
 * A comparison as Markdown: one table with every score side by side, then each output in full.
 * Numbers are rounded for reading; the JSON result keeps them exact.
 */
import type { CompareConfig, ComparisonResult, ComparisonRow } from './types';
import { JUDGE_CRITERIA, scoreOf } from '../judge/parse';

const DASH = '–';

function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : value.toFixed(digits);
}

/** Table cells cannot hold pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

export function describeConfig(config: CompareConfig): string {
  if (config.mode === 'plain') return 'plain';
  if (config.mode === 'prompted') return `prompted, ${config.style ?? '?'}`;
  const s = config.steering;
  if (!s) return 'steered';
  const layers = s.layerStart === s.layerEnd ? `layer ${s.layerStart}` : `layers ${s.layerStart}–${s.layerEnd}`;
  const source = s.pairId ?? s.vectorPath ?? config.style ?? '?';
  return `steered, ${s.method}, ${source}, ${layers}, ×${s.coefficient}`;
}

function judgeCell(row: ComparisonRow): string {
  const judge = row.scores?.judge;
  if (!judge) return DASH;
  return JUDGE_CRITERIA.map((criterion) => {
    const score = scoreOf(judge.ratings[criterion]);
    return score === null ? '?' : String(score);
  }).join(' / ');
}

function scoreCells(row: ComparisonRow): string[] {
  const s = row.scores;
  if (!s) return Array(7).fill(DASH);
  const facts = s.facts.share === null ? DASH : `${fixed(s.facts.share, 2)} (${s.facts.found}/${s.facts.total})`;
  return [
    fixed(s.archaic.rate, 1),
    fixed(s.contrast?.score, 3),
    fixed(s.content.vsPlain?.rougeL.f1, 3),
    fixed(s.content.vsArticle.rouge1.recall, 3),
    facts,
    fixed(s.perplexity?.perplexity, 1),
    judgeCell(row),
  ];
}

export function renderComparisonMarkdown(result: ComparisonResult): string {
  const lines: string[] = [];
  lines.push(`# Comparison: ${result.article.title || 'untitled article'}`, '');
  const { seed, temperature, topP, maxTokens, repeatPenalty } = result.sampling;
  lines.push(
    `Same sampling for every row: seed ${seed}, temperature ${temperature}, top-p ${topP}, up to ${maxTokens} tokens, repeat penalty ${repeatPenalty}. ` +
      `Target style for scoring: ${result.target.styleLabel}.`,
  );
  if (!result.complete) lines.push('', `**Incomplete:** ${result.rows.filter((r) => !r.error).length} of ${result.configs.length} configurations finished.`);
  lines.push(
    '',
    '| Configuration | Settings | Archaic /100 words | Contrast | ROUGE-L F1 vs plain | ROUGE-1 recall vs article | Facts found | Perplexity | Judge F / C / Fl / S |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
  );
  for (const row of result.rows) {
    const name = row.config.label ?? row.config.id;
    lines.push(`| ${[cell(name), cell(describeConfig(row.config)), ...scoreCells(row)].join(' | ')} |`);
  }
  lines.push('', 'Judge columns: faithfulness, coverage, fluency, style (1–5; ? = the judge gave no readable rating).');
  for (const row of result.rows) {
    lines.push('', `## ${row.config.label ?? row.config.id}`, '');
    if (row.error) lines.push(`Could not be summarised: ${row.error}`);
    else lines.push(row.output.trim() || '(empty output)');
    const missing = row.scores?.facts.missing ?? [];
    if (missing.length > 0) lines.push('', `Not found in the article: ${missing.join(', ')}.`);
    for (const problem of row.scores?.problems ?? []) lines.push('', `Not scored: ${problem}`);
  }
  return `${lines.join('\n')}\n`;
}
