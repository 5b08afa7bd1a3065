/**
 * Where the user's message and the article start in a rendered prompt, in token positions, so
 * ActAdd's front can be placed on them (engine/steering-settings.ts ActAddFront).
 *
 * Found by rendering the same turns again with the text from that point on replaced, and taking
 * the first token where the two differ: whatever the chat template and tokenizer do around the
 * boundary (a space merged into the first word, control tokens before it), that is the first token
 * carrying the message's (or the article's) own text. Two different replacements are used so a
 * text that happens to start like one of them cannot move the answer.
 */
import type { ChatWrapper, LlamaModel, Token } from 'node-llama-cpp';
import { renderPromptTokens } from './chat-prompt';
import type { ChatTurn } from './conversation';

export interface PromptLandmarks {
  /** First token of the last user turn's text. */
  message: number;
  /** First token of the article (its title line when it has one) in the last user turn. */
  article: number;
}

const REPLACEMENTS = ['@', '%'];

function commonPrefix(a: readonly Token[], b: readonly Token[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function firstDifference(model: LlamaModel, wrapper: ChatWrapper, turns: ChatTurn[], tokens: readonly Token[], keep: string): number {
  const last = turns[turns.length - 1];
  return Math.min(
    ...REPLACEMENTS.map((replacement) =>
      commonPrefix(tokens, renderPromptTokens(model, wrapper, [...turns.slice(0, -1), { ...last, text: keep + replacement }])),
    ),
  );
}

/**
 * `turns` end with the user turn `articleOffset` characters into which the article starts
 * (conversation.ts puts it after the instruction and a blank line).
 */
export function findPromptLandmarks(
  model: LlamaModel,
  wrapper: ChatWrapper,
  turns: ChatTurn[],
  tokens: readonly Token[],
  articleOffset: number,
): PromptLandmarks {
  const last = turns[turns.length - 1];
  if (!last || last.role !== 'user') throw new Error('The prompt must end with a user turn.');
  return {
    message: firstDifference(model, wrapper, turns, tokens, ''),
    article: firstDifference(model, wrapper, turns, tokens, last.text.slice(0, articleOffset)),
  };
}
