/**
 * Prompted summaries in any library style: the bundled prompt styles keep their hand-written
 * prompts, every other style (built-in or the writer's own) is asked for with its pairs as the
 * demonstration, and a style nobody has is refused by name.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryTemplateFor } from '../../../src-main/core/engine/prompts/summary-template';
import { findStyle, loadPromptTemplates } from '../../../src-main/core/engine/prompts/templates';
import { SteeringError } from '../../../src-main/core/steering/errors';
import { builtinLibrary, type PairLibrary } from '../../../src-main/core/steering/pair-library';
import { libraryPromptStyles, libraryPromptStylesFromEnv, promptTemplateForStyle } from '../../../src-main/core/steering/style-prompts';

const mine: PairLibrary = {
  format: 'steerling-pair-library',
  version: 1,
  id: 'mine',
  name: 'My styles',
  styles: [
    {
      id: 'gothic',
      name: 'Gothic',
      description: 'candle-lit dread,\n  old houses',
      pairs: [
        { id: 'crypt', positive: 'The crypt groaned beneath the\nmoon.', negative: 'The cellar creaked at night.' },
        { id: 'rain', positive: 'A cold rain wept upon the graves.', negative: 'It rained on the cemetery.' },
      ],
    },
  ],
};
const libraries = async () => [builtinLibrary(), mine];
const templates = loadPromptTemplates();

describe('a prompt from a library style', () => {
  it('asks for the style by name and description and shows each pair, plain side first, one line each', () => {
    const template = promptTemplateForStyle(mine.styles[0], 'mine:gothic');
    expect(template.label).toBe('Gothic');
    expect(template.id).toBe('mine-gothic');
    expect(template.exampleSummary).toBeUndefined();
    expect(template.instruction).toContain('rewrite that summary in this style: Gothic (candle-lit dread, old houses).');
    expect(template.instruction).toContain(
      'Plain: The cellar creaked at night.\nIn the style: The crypt groaned beneath the moon.\n\n' +
        'Plain: It rained on the cemetery.\nIn the style: A cold rain wept upon the graves.',
    );
    expect(template.instruction).toMatch(/Keep every fact and name true to the article\. Reply with the rewritten summary only\.$/);
  });

  it('shows at most four pairs', () => {
    const many = { ...mine.styles[0], pairs: Array.from({ length: 7 }, (_, i) => ({ id: `p${i}`, positive: `styled ${i}`, negative: `plain ${i}` })) };
    const { instruction } = promptTemplateForStyle(many, 'mine:gothic');
    expect(instruction.match(/^Plain: /gm)).toHaveLength(4);
    expect(instruction).toContain('plain 3');
    expect(instruction).not.toContain('plain 4');
  });
});

describe('the template a summary is written from', () => {
  const more = libraryPromptStyles(libraries);

  it('keeps the hand-written prompt of a bundled style', async () => {
    expect(await summaryTemplateFor(templates, { mode: 'prompted', style: 'noir' }, more)).toBe(findStyle(templates, 'noir'));
  });

  it('prompts a writer\'s own style, and a built-in one without a bundled prompt, from its pairs', async () => {
    expect(await summaryTemplateFor(templates, { mode: 'prompted', style: 'mine:gothic' }, more)).toEqual(promptTemplateForStyle(mine.styles[0], 'mine:gothic'));
    const pirate = builtinLibrary().styles.find((style) => style.id === 'pirate')!;
    expect(findStyle(templates, 'pirate')).toBeUndefined();
    expect(await summaryTemplateFor(templates, { mode: 'prompted', style: 'pirate' }, more)).toEqual(promptTemplateForStyle(pirate, 'pirate'));
    // Steered + prompted takes the same list.
    const styled = await summaryTemplateFor(
      templates,
      { mode: 'steered', style: 'mine:gothic', steering: { method: 'caa', layerStart: 2, layerEnd: 2, coefficient: 4, prompt: 'styled' } },
      more,
    );
    expect(styled.label).toBe('Gothic');
  });

  it('refuses a style no library holds, naming it', async () => {
    for (const style of ['mine:nothing', 'nolib:gothic', 'gothic', 'Not A Reference!']) {
      await expect(summaryTemplateFor(templates, { mode: 'prompted', style }, more)).rejects.toMatchObject({
        code: 'invalid-request',
        message: `There is no style called "${style}".`,
      });
    }
  });

  it('passes on a library that cannot be read, rather than calling the style unknown', async () => {
    const broken = libraryPromptStyles(async () => {
      throw new SteeringError('invalid-library', 'mine.json is not a valid pair library');
    });
    await expect(summaryTemplateFor(templates, { mode: 'prompted', style: 'mine:gothic' }, broken)).rejects.toMatchObject({
      code: 'invalid-library',
      message: 'mine.json is not a valid pair library',
    });
    // A bundled style needs no library.
    expect(await summaryTemplateFor(templates, { mode: 'prompted', style: 'noir' }, broken)).toBe(findStyle(templates, 'noir'));
  });

  it('reads the writer\'s library folder when the host names one, else the built-in library only', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'steerling-style-prompts-'));
    writeFileSync(join(folder, 'mine.json'), JSON.stringify(mine));
    const fromFolder = libraryPromptStylesFromEnv({ STEERLING_PAIR_LIBRARY_DIR: folder });
    expect((await fromFolder('mine:gothic'))?.label).toBe('Gothic');
    const builtinOnly = libraryPromptStylesFromEnv({});
    expect(await builtinOnly('mine:gothic')).toBeUndefined();
    expect((await builtinOnly('pirate'))?.label).toBe('Pirate');
  });
});
