/**
 * Steering pair libraries: the schema (zod), the built-in library (assets/libraries/builtin.json,
 * imported statically so every bundle carries it) and pair references.
 *
 * A pair reference is `[libraryId:]styleId[/pairId]`; the library defaults to "builtin".
 * Without a pair id it names the whole style (all its pairs): builders that take many pairs use
 * them all, ActAdd uses the style's first pair.
 */
import { z } from 'zod';
import builtinJson from '../../../assets/libraries/builtin.json' with { type: 'json' };
import type { SteeringPair } from './builders';
import { SteeringError } from './errors';

export const BUILTIN_LIBRARY_ID = 'builtin';
export const LIBRARY_FORMAT = 'steerling-pair-library';

const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'ids are 1–64 lower-case letters, digits and dashes, starting with a letter or digit');
const text = z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');

function uniqueIds(items: ReadonlyArray<{ id: string }>, context: z.RefinementCtx, what: string): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      context.addIssue({ code: 'custom', path: [index, 'id'], message: `another ${what} already has the id "${item.id}"` });
    }
    seen.add(item.id);
  });
}

export const pairSchema = z
  .object({ id: idSchema, positive: text, negative: text, note: z.string().max(2000).optional() })
  .refine((pair) => pair.positive.trim() !== pair.negative.trim(), {
    message: 'it says exactly what the side in the style says; write the same sentence in plain English',
    path: ['negative'],
  });

export const styleSchema = z.object({
  id: idSchema,
  name: text,
  description: z.string().max(4000).optional(),
  /** Starting settings (block-input layers, see layers.ts); not checked against any model. */
  suggested: z
    .object({
      method: z.enum(['actadd', 'caa', 'all']),
      layerStart: z.number().int().min(1),
      layerEnd: z.number().int().min(1),
      coefficient: z.number().finite(),
    })
    .optional(),
  pairs: z.array(pairSchema).min(1, 'a style needs at least one pair').superRefine((pairs, ctx) => uniqueIds(pairs, ctx, 'pair')),
});

export const librarySchema = z.object({
  format: z.literal(LIBRARY_FORMAT, { message: `"format" must be "${LIBRARY_FORMAT}"` }),
  version: z.literal(1, { message: 'only version 1 libraries are supported' }),
  id: idSchema,
  name: text,
  description: z.string().max(4000).optional(),
  styles: z.array(styleSchema).superRefine((styles, ctx) => uniqueIds(styles, ctx, 'style')),
});

export type PairLibrary = z.infer<typeof librarySchema>;
export type PairStyle = z.infer<typeof styleSchema>;
export type LibraryPair = z.infer<typeof pairSchema>;

/** Validates unknown JSON as a library; `source` names it in the error ("my-styles.json"). */
export function parsePairLibrary(value: unknown, source: string): PairLibrary {
  const result = librarySchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 8).map((issue) => `${describeField(issue.path, value)}: ${issue.message}`);
  throw new SteeringError('invalid-library', `${source} is not a valid pair library:\n- ${problems.join('\n- ')}`);
}

const PAIR_FIELDS: Record<string, string> = { positive: 'the side in the style', negative: 'the plain-English side', id: 'its id', note: 'its note' };
const OWN_FIELDS: Record<string, string> = { name: 'its name', id: 'its id', description: 'its description', pairs: 'its pairs', suggested: 'its suggested settings' };

/**
 * Where a problem is, in a writer's words: "Style 2 (“Gothic”), pair 3, the plain-English side"
 * rather than "styles.1.pairs.2.negative". Numbers count from 1, as the editor shows them.
 */
export function describeField(path: ReadonlyArray<PropertyKey>, value: unknown): string {
  const [first, index, ...rest] = path;
  if (first === undefined) return 'The file';
  if (first !== 'styles' || typeof index !== 'number') {
    const top: Record<string, string> = { format: 'The file type', version: 'The version', id: "The library's id", name: "The library's name", description: "The library's description", styles: "The library's styles" };
    return top[String(first)] ?? `The field "${String(first)}"`;
  }
  const styles = (value as { styles?: unknown } | null)?.styles;
  const name = Array.isArray(styles) ? (styles[index] as { name?: unknown } | undefined)?.name : undefined;
  const parts = [`Style ${index + 1}${typeof name === 'string' && name.trim() ? ` (“${name.trim()}”)` : ''}`];
  const [field, pairIndex, pairField] = rest;
  if (field === 'pairs' && typeof pairIndex === 'number') {
    parts.push(`pair ${pairIndex + 1}`);
    if (pairField !== undefined) parts.push(PAIR_FIELDS[String(pairField)] ?? String(pairField));
  } else if (field !== undefined) {
    parts.push(OWN_FIELDS[String(field)] ?? String(field));
  }
  return parts.join(', ');
}

/** Parses JSON text as a library, with a clear error for text that is not JSON at all. */
export function parsePairLibraryJson(json: string, source: string): PairLibrary {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new SteeringError('invalid-library', `${source} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return parsePairLibrary(value, source);
}

let builtin: PairLibrary | undefined;

export function builtinLibrary(): PairLibrary {
  builtin ??= parsePairLibrary(builtinJson, 'The built-in pair library');
  return builtin;
}

export interface ResolvedPairs {
  library: PairLibrary;
  style: PairStyle;
  /** The named pair only, or every pair of the style. */
  pairs: SteeringPair[];
  /** True when the reference named a single pair. */
  single: boolean;
}

const referencePattern = /^(?:([a-z0-9][a-z0-9-]*):)?([a-z0-9][a-z0-9-]*)(?:\/([a-z0-9][a-z0-9-]*))?$/;

export function resolvePairReference(reference: string, libraries: readonly PairLibrary[]): ResolvedPairs {
  const match = referencePattern.exec(reference.trim());
  if (!match) {
    throw new SteeringError('invalid-pair', `"${reference}" is not a pair reference (expected style, style/pair or library:style/pair).`);
  }
  const [, libraryId = BUILTIN_LIBRARY_ID, styleId, pairId] = match;
  const library = libraries.find((candidate) => candidate.id === libraryId);
  if (!library) throw new SteeringError('invalid-pair', `There is no pair library "${libraryId}".`);
  const style = library.styles.find((candidate) => candidate.id === styleId);
  if (!style) throw new SteeringError('invalid-pair', `The library "${library.name}" has no style "${styleId}".`);
  if (pairId === undefined) {
    return { library, style, pairs: style.pairs.map(({ positive, negative }) => ({ positive, negative })), single: false };
  }
  const pair = style.pairs.find((candidate) => candidate.id === pairId);
  if (!pair) throw new SteeringError('invalid-pair', `The style "${style.name}" has no pair "${pairId}".`);
  return { library, style, pairs: [{ positive: pair.positive, negative: pair.negative }], single: true };
}
