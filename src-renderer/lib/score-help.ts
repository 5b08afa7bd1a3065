/**
 * What each score means, in the words of README's "How Steerling scores a summary" section, for
 * the small "what does this score mean" popovers next to every score. Style and faithfulness are
 * separate numbers on purpose; these texts say which is which and how to read them.
 */
export type ScoreId = 'archaic' | 'contrast' | 'rouge' | 'rougeArticle' | 'facts' | 'perplexity' | 'judge' | 'styleCell' | 'contentCell';

export interface ScoreHelp {
  title: string;
  /** What it measures: style, content, faithfulness, fluency. */
  kind: string;
  text: string;
}

export const SCORE_HELP: Record<ScoreId, ScoreHelp> = {
  archaic: {
    title: 'Archaic-marker rate',
    kind: 'Style · Shakespearean only',
    text:
      'Archaic markers per 100 words: words such as thou, thee, hath, doth, ’tis, verbs in -eth (speaketh) and -est after “thou” (knowest). ' +
      '0 is modern prose; the research measured 0 for plain summaries, 5.8 for one-shot prompted ones and 13.9 for steered ones. Above about 30 the text is mostly markers.',
  },
  contrast: {
    title: 'Contrast score',
    kind: 'Style · any library style · uses the model',
    text:
      'How much more likely the model finds the summary after text written in the style than after the same text in plain English, in nats per token. ' +
      'The pairs say the same thing both ways, so it measures style, not content. 0 is no preference, positive is more like the style, negative more like plain English. ' +
      'Typical values are within ±1; compare summaries of the same article and style.',
  },
  rouge: {
    title: 'ROUGE against the plain summary',
    kind: 'Content',
    text:
      'Word overlap with the plain summary of the same article: ROUGE-1 counts shared words, ROUGE-2 shared word pairs, ROUGE-L the longest run of words shared in the same order. ' +
      'F1 from 0 to 1 says how much of the plain content a styled summary kept (1 = the same words). A style naturally lowers it, so compare with the prompted summary’s value.',
  },
  rougeArticle: {
    title: 'Recall against the article',
    kind: 'Content',
    text:
      'The share of the article’s words (ROUGE-1) or longest shared word run (ROUGE-L) that the summary covers, from 0 to 1. ' +
      'It is small for any short summary and only meaningful when comparing summaries of the same article.',
  },
  facts: {
    title: 'Facts overlap',
    kind: 'Faithfulness',
    text:
      'The share of the summary’s names, numbers and dates that the article also contains, from 0 to 1; empty when the summary states no such facts. ' +
      'Each missing one is listed: it is either garbled or invented. A fact repeated counts once. It cannot tell a right number used in the wrong place, so it is a warning sign, not a fact check.',
  },
  perplexity: {
    title: 'Perplexity',
    kind: 'Fluency · uses the model',
    text:
      'How surprised the unsteered model is by the summary read on its own. From 1 (perfectly predictable) upwards: fluent text scores low, broken or repetitive gibberish high. ' +
      'Compare summaries of the same article with the same model; absolute values differ between models.',
  },
  judge: {
    title: 'Judge ratings',
    kind: 'All four · uses the model',
    text:
      'The loaded model answers a fixed rubric with four ratings from 1 to 5: faithfulness, coverage, fluency and style. ' +
      'A rating the answer does not give, or gives outside 1–5, is shown as unparsed with the reason, never guessed. A 7B judge is noisy: trust differences of 2 or more.',
  },
  styleCell: {
    title: 'Style score of a cell',
    kind: 'Style',
    text:
      'The score that ranks the cells: the archaic-marker rate (markers per 100 words) for Shakespearean styles, otherwise the contrast score (nats per token, positive = more like the style). ' +
      'The best cell must beat the plain summary’s own style score.',
  },
  contentCell: {
    title: 'Content score of a cell',
    kind: 'Content',
    text:
      'ROUGE-L F1 against the plain summary, from 0 to 1: how much of the plain content the steered summary kept. ' +
      'A cell counts as keeping the content when it reaches 90% of the prompted summary’s value.',
  },
};
