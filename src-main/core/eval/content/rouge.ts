/**
 * ROUGE-1, ROUGE-2 and ROUGE-L between a summary and a reference, through js-rouge.
 *
 * Words are compared in lower case without punctuation (like Google's rouge-score without
 * stemming; js-rouge's own Treebank tokeniser would count commas and full stops as words).
 * ROUGE-L is the longest common subsequence of the two whole texts (rouge-score's "rougeL"),
 * not the per-sentence union ("rougeLsum"): a one-sentence segmenter makes js-rouge do that.
 * js-rouge returns one F-measure per call; precision is its F with beta 0 and recall its F with
 * beta = Infinity, both exact special cases of its fMeasure.
 */
import { l as rougeLFMeasure, n as rougeNFMeasure } from 'js-rouge';
import { lowerWords } from '../text/words';

export interface RougeScore {
  precision: number;
  recall: number;
  f1: number;
}

export interface RougeScores {
  rouge1: RougeScore;
  rouge2: RougeScore;
  rougeL: RougeScore;
}

export interface ContentScores {
  /** Against the plain summary of the same article; null when there is none to compare with. */
  vsPlain: RougeScores | null;
  /** Against the article itself: recall says how much of the article the summary covers. */
  vsArticle: RougeScores;
}

const ZERO: RougeScore = { precision: 0, recall: 0, f1: 0 };

/** js-rouge hands the tokeniser whole texts (ROUGE-N) or segments (ROUGE-L); both get words. */
const tokenizer = (input: string): string[] => lowerWords(input);
const wholeText = (input: string): string[] => [input];

type FMeasure = (beta: number) => number;

function score(measure: FMeasure): RougeScore {
  return { precision: measure(0), recall: measure(Number.POSITIVE_INFINITY), f1: measure(1) };
}

export function rougeN(candidate: string, reference: string, n: 1 | 2): RougeScore {
  if (lowerWords(candidate).length < n || lowerWords(reference).length < n) return { ...ZERO };
  return score((beta) => rougeNFMeasure(candidate, reference, { n, beta, tokenizer }));
}

export function rougeL(candidate: string, reference: string): RougeScore {
  if (lowerWords(candidate).length === 0 || lowerWords(reference).length === 0) return { ...ZERO };
  return score((beta) => rougeLFMeasure(candidate, reference, { beta, tokenizer, segmenter: wholeText }));
}

export function rougeScores(candidate: string, reference: string): RougeScores {
  return { rouge1: rougeN(candidate, reference, 1), rouge2: rougeN(candidate, reference, 2), rougeL: rougeL(candidate, reference) };
}

export function contentScores(summary: string, references: { article: string; plainSummary?: string | null }): ContentScores {
  return {
    vsPlain: references.plainSummary == null ? null : rougeScores(summary, references.plainSummary),
    vsArticle: rougeScores(summary, references.article),
  };
}
