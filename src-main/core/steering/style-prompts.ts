/**
 * Prompted summaries in a pair library's style. The bundled prompt styles (assets/prompts/styles)
 * have hand-written instructions and a one-shot example; every other library style, the writer's
 * own included, is prompted from its pairs: each pair is the same sentence in plain English and in
 * the style, which is exactly the demonstration a "rewrite in this style" request needs. So every
 * style a writer can steer with can also be asked for, and compared against.
 */
import type { PromptStyleSource, PromptTemplate } from '../engine/prompts/templates';
import { SteeringError } from './errors';
import { builtinLibrary, resolvePairReference, type PairLibrary, type PairStyle } from './pair-library';
import { PairLibraryStore } from './pair-library-store';

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

/** The built-in library plus, when the host names one, the writer's library folder (re-read per request). */
export function pairLibrariesFromEnv(env: NodeJS.ProcessEnv = process.env): (() => Promise<readonly PairLibrary[]>) | undefined {
  const directory = env.STEERLING_PAIR_LIBRARY_DIR?.trim();
  if (!directory) return undefined;
  const store = new PairLibraryStore(directory);
  return async () => (await store.list()).libraries;
}

export function libraryPromptStylesFromEnv(env: NodeJS.ProcessEnv = process.env): PromptStyleSource {
  return libraryPromptStyles(pairLibrariesFromEnv(env) ?? (async () => [builtinLibrary()]));
}
