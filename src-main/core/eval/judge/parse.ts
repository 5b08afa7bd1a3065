/**
 * Reads the four ratings out of whatever a judge model wrote. Models wrap JSON in prose or code
 * fences, drop quotes, stop mid-object, write "Faithfulness: 4/5" lines or "four" instead of 4.
 * Each field is read on its own: a field that cannot be read, is missing, or is outside 1–5 is
 * `unparsed` with a reason, and the others still count. Nothing here throws on model output.
 *
 * Order: the first {...} in the text, repaired by jsonrepair (unquoted keys, single quotes,
 * trailing commas, a missing closing brace); then "label: value" mentions anywhere in the text
 * for fields the JSON did not give.
 */
import { jsonrepair } from 'jsonrepair';

export const JUDGE_CRITERIA = ['faithfulness', 'coverage', 'fluency', 'style'] as const;
export type JudgeCriterion = (typeof JUDGE_CRITERIA)[number];

export type JudgeRating = { score: number } | { unparsed: string };

export interface JudgeVerdict {
  ratings: Record<JudgeCriterion, JudgeRating>;
  /** The judge's answer as written. */
  raw: string;
}

/** Other names judges use for each field (lower case, spaces and underscores as written). */
const SYNONYMS: Record<JudgeCriterion, string[]> = {
  faithfulness: ['faithfulness', 'faithful', 'factuality', 'factual accuracy', 'accuracy', 'fidelity'],
  coverage: ['coverage', 'completeness', 'informativeness', 'key facts'],
  fluency: ['fluency', 'fluent', 'readability', 'grammar', 'coherence'],
  style: ['style', 'style adherence', 'style match', 'target style', 'stylistic'],
};

const NUMBER_WORDS: Record<string, number> = { zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

function criterionOf(key: string): JudgeCriterion | undefined {
  const normalised = key.toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
  return JUDGE_CRITERIA.find((criterion) => SYNONYMS[criterion].includes(normalised));
}

/** A value as written: 4, "4", "4/5", "4 out of 5", "four", { score: 4 }. */
export function readRating(value: unknown): JudgeRating {
  if (typeof value === 'number') return inRange(value, value);
  if (typeof value === 'string') return readRatingText(value);
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of ['score', 'rating', 'value']) if (key in object) return readRating(object[key]);
  }
  return { unparsed: `not a rating: ${JSON.stringify(value)}` };
}

const RATING_TEXT = /^\s*(?:(\d+(?:\.\d+)?)|([a-z]+))\s*(?:(?:\/|out of|of)\s*(\d+))?/i;

function readRatingText(text: string): JudgeRating {
  const match = RATING_TEXT.exec(text);
  if (!match) return { unparsed: `not a rating: "${text.slice(0, 40)}"` };
  const [, digits, word, outOf] = match;
  const score = digits !== undefined ? Number(digits) : NUMBER_WORDS[word.toLowerCase()];
  if (score === undefined) return { unparsed: `not a rating: "${text.slice(0, 40)}"` };
  if (outOf !== undefined && Number(outOf) !== 5) return { unparsed: `rated on a scale to ${outOf}, not 1–5: "${match[0].trim()}"` };
  return inRange(score, match[0].trim());
}

function inRange(score: number, asWritten: unknown): JudgeRating {
  if (!Number.isFinite(score)) return { unparsed: `not a number: ${String(asWritten)}` };
  if (score < 1 || score > 5) return { unparsed: `out of range 1–5: ${String(asWritten)}` };
  return { score };
}

/** The first brace-delimited span, or from the first brace to the end when the answer was cut off. */
function jsonCandidate(text: string): string | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return text.slice(start);
}

function fromJson(text: string): Partial<Record<JudgeCriterion, JudgeRating>> {
  const candidate = jsonCandidate(text);
  if (candidate === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonrepair(candidate));
  } catch {
    return {};
  }
  const found: Partial<Record<JudgeCriterion, JudgeRating>> = {};
  const visit = (object: unknown) => {
    if (object === null || typeof object !== 'object' || Array.isArray(object)) return;
    for (const [key, value] of Object.entries(object as Record<string, unknown>)) {
      const criterion = criterionOf(key);
      if (criterion && !(criterion in found)) found[criterion] = readRating(value);
      // {"ratings": {...}} and similar wrappers
      else if (!criterion && value !== null && typeof value === 'object') visit(value);
    }
  };
  visit(parsed);
  return found;
}

const LABELLED = new RegExp(
  String.raw`(?:^|[^\p{L}])(${Object.values(SYNONYMS).flat().map((s) => s.replace(/ /g, String.raw`[\s_-]+`)).join('|')})` +
    String.raw`["'*\s]*(?:rating|score)?["'*\s]*[:=\-–—]+["'*\s]*([^\n,;}]{1,40})`,
  'giu',
);

function fromLabels(text: string): Partial<Record<JudgeCriterion, JudgeRating>> {
  const found: Partial<Record<JudgeCriterion, JudgeRating>> = {};
  for (const match of text.matchAll(LABELLED)) {
    const criterion = criterionOf(match[1]);
    if (!criterion) continue;
    const rating = readRatingText(match[2]);
    // Keep the first readable mention; an unreadable one only if nothing better comes.
    if (!(criterion in found) || ('unparsed' in found[criterion]! && 'score' in rating)) found[criterion] = rating;
  }
  return found;
}

export function parseJudgeAnswer(raw: string): JudgeVerdict {
  const json = fromJson(raw);
  const labels = fromLabels(raw);
  const ratings = {} as Record<JudgeCriterion, JudgeRating>;
  for (const criterion of JUDGE_CRITERIA) {
    const fromObject = json[criterion];
    const fromText = labels[criterion];
    if (fromObject && 'score' in fromObject) ratings[criterion] = fromObject;
    else if (fromText && 'score' in fromText) ratings[criterion] = fromText;
    else ratings[criterion] = fromObject ?? fromText ?? { unparsed: 'missing from the answer' };
  }
  return { ratings, raw };
}

/** The score, or null when unparsed. */
export function scoreOf(rating: JudgeRating): number | null {
  return 'score' in rating ? rating.score : null;
}
