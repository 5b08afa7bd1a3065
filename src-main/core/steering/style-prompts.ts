/**
 * Prompted summaries in a pair library's style. The bundled prompt styles (assets/prompts/styles)
 * have hand-written instructions and a one-shot example; every other library style, the writer's
 * own included, is prompted from its pairs: each pair is the same sentence in plain English and in
 * the style, which is exactly the demonstration a "rewrite in this style" request needs. So every
 * style a writer can steer with can also be asked for, and compared against.
 */
import type { PromptStyleSource, PromptTemplate } from '../engine/prompts/templates';
import { SteeringError } from './errors';
import { resolvePairReference, type PairLibrary, type PairStyle } from './pair-library';
import { pairLibrariesFromEnv } from './pair-library-store';

/** Enough pairs to show the style; more only lengthens every prompt. */
const EXAMPLE_PAIRS = 4;

export function promptTemplateForStyle(style: PairStyle, reference: string): PromptTemplate {
  const examples = style.pairs
    .slice(0, EXAMPLE_PAIRS)
    .map((pair) => `Plain: ${oneLine(pair.negative)}\nIn the style: ${oneLine(pair.positive)}`)
    .join('\n\n');
  const about = style.description?.trim() ? ` (${oneLine(style.description)})` : '';
  return {
    id: reference.replace(/[^a-z0-9-]+/g, '-'),
    label: style.name,
    instruction:
      'First summarise the news article below in three to five sentences, keeping the key facts: who, what, where, ' +
      `when and the most important numbers. Then rewrite that summary in this style: ${style.name}${about}. ` +
      `Here is the same sentence in plain English and in the style:\n\n${examples}\n\n` +
      'Keep every fact and name true to the article. Reply with the rewritten summary only.',
  };
}

function oneLine(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** Prompt styles from the given libraries; a reference no library holds gives undefined. */
export function libraryPromptStyles(libraries: () => Promise<readonly PairLibrary[]>): PromptStyleSource {
  return async (reference) => {
    try {
      const resolved = resolvePairReference(reference, await libraries());
      return promptTemplateForStyle(resolved.style, reference);
    } catch (error) {
      if (error instanceof SteeringError && error.code === 'invalid-pair') return undefined;
      throw error;
    }
  };
}

export function libraryPromptStylesFromEnv(env: NodeJS.ProcessEnv = process.env): PromptStyleSource {
  return libraryPromptStyles(pairLibrariesFromEnv(env));
}
