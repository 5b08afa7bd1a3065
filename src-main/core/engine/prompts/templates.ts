/**
 * Prompt templates for the three summary modes, from assets/prompts/. They are imported statically
 * (not read from disk) so the Electron build bundles them and the engine process, the main process
 * and the CLI all see the same set without knowing where assets live. Adding a style means adding
 * assets/prompts/styles/<id>.json and one import below; a unit test checks that none is forgotten.
 */
import { z } from 'zod';
import exampleArticleJson from '../../../../assets/prompts/example-article.json' with { type: 'json' };
import plainJson from '../../../../assets/prompts/plain.json' with { type: 'json' };
import stagesJson from '../../../../assets/prompts/stages.json' with { type: 'json' };
import steeredNeutralJson from '../../../../assets/prompts/steered-neutral.json' with { type: 'json' };
import kingJamesJson from '../../../../assets/prompts/styles/king-james.json' with { type: 'json' };
import noirJson from '../../../../assets/prompts/styles/noir.json' with { type: 'json' };
import shakespeareanJson from '../../../../assets/prompts/styles/shakespearean.json' with { type: 'json' };
import victorianJson from '../../../../assets/prompts/styles/victorian.json' with { type: 'json' };

const nonEmpty = z.string().trim().min(1);

export const promptTemplateSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case letters, digits and dashes'),
  label: nonEmpty,
  /** What the model is asked to do with the article. */
  instruction: nonEmpty,
  /** The model's answer for the shared example article: the "one shot". Absent: zero-shot always. */
  exampleSummary: nonEmpty.optional(),
});
export type PromptTemplate = z.infer<typeof promptTemplateSchema>;

const exampleArticleSchema = z.object({ title: z.string(), text: nonEmpty });
const stagesSchema = z.object({
  map: z.object({
    /** Placeholders: {{part}}, {{parts}}, {{title}}. */
    instruction: nonEmpty,
  }),
  reduce: z.object({ notesHeading: nonEmpty }),
});

export interface PromptTemplates {
  plain: PromptTemplate;
  /**
   * Steered mode's own prompt: the plain task with no style words, no "modern English" and no
   * example, so the vector does not have to fight the prompt and ActAdd's front positions land on
   * the request itself rather than on an example turn hundreds of tokens before the article.
   */
  steeredNeutral: PromptTemplate;
  /** In display order. */
  styles: PromptTemplate[];
  /** The article every one-shot example summarises. */
  exampleArticle: { title: string; text: string };
  mapInstruction: string;
  reduceNotesHeading: string;
}

export interface RawPromptFiles {
  plain: unknown;
  steeredNeutral: unknown;
  styles: unknown[];
  exampleArticle: unknown;
  stages: unknown;
}

export class PromptTemplateError extends Error {
  override readonly name = 'PromptTemplateError';
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new PromptTemplateError(`The prompt template ${what} is invalid: ${problems.join('; ')}`);
}

/** Validates template files; exported so tests can feed broken ones. */
export function parsePromptTemplates(files: RawPromptFiles): PromptTemplates {
  const plain = parse(promptTemplateSchema, files.plain, 'plain.json');
  const steeredNeutral = parse(promptTemplateSchema, files.steeredNeutral, 'steered-neutral.json');
  const styles = files.styles.map((style, index) => parse(promptTemplateSchema, style, `styles[${index}]`));
  const seen = new Set<string>();
  for (const style of styles) {
    if (seen.has(style.id)) throw new PromptTemplateError(`Two prompt styles share the id "${style.id}".`);
    seen.add(style.id);
  }
  const stages = parse(stagesSchema, files.stages, 'stages.json');
  return {
    plain,
    steeredNeutral,
    styles,
    exampleArticle: parse(exampleArticleSchema, files.exampleArticle, 'example-article.json'),
    mapInstruction: stages.map.instruction,
    reduceNotesHeading: stages.reduce.notesHeading,
  };
}

/** Ids of the bundled style files, for the test that compares them with assets/prompts/styles/. */
export const BUILT_IN_STYLE_FILES = {
  shakespearean: shakespeareanJson,
  'king-james': kingJamesJson,
  victorian: victorianJson,
  noir: noirJson,
} as const;

let cached: PromptTemplates | undefined;

export function loadPromptTemplates(): PromptTemplates {
  cached ??= parsePromptTemplates({
    plain: plainJson,
    steeredNeutral: steeredNeutralJson,
    styles: Object.values(BUILT_IN_STYLE_FILES),
    exampleArticle: exampleArticleJson,
    stages: stagesJson,
  });
  return cached;
}

export function listStyles(): { id: string; label: string }[] {
  return loadPromptTemplates().styles.map(({ id, label }) => ({ id, label }));
}

/**
 * Prompt styles beyond the bundled ones (a pair library's styles, written by steering/); resolves
 * undefined for a reference it does not know. Lets the engine prompt in a style it cannot list.
 */
export type PromptStyleSource = (reference: string) => Promise<PromptTemplate | undefined>;

export function findStyle(templates: PromptTemplates, id: string): PromptTemplate | undefined {
  return templates.styles.find((style) => style.id === id);
}
