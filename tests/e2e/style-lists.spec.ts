/**
 * One list of styles wherever a style is chosen: prompted mode, steered + prompted, the prompted
 * configuration of a comparison and the sweep's prompted baseline all offer the built-in library's
 * styles and the writer's own, as steered mode does; a writer's own style writes a prompted summary
 * that the history names.
 */
import type { Page } from '@playwright/test';
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, setSampling, test } from './fixtures';

const GOTHIC = {
  name: 'My styles',
  styles: [
    {
      id: 'gothic',
      name: 'Gothic',
      pairs: [{ id: 'crypt', positive: 'The crypt groaned beneath the moon.', negative: 'The cellar creaked at night.' }],
    },
  ],
};

const values = (page: Page, testId: string) => page.getByTestId(testId).locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

test('prompted, steered + prompted, compare and sweep offer the same styles, the writer’s own included', async ({ app: page, bridge }) => {
  await bridge.backend.handle('libraries.save', { library: GOTHIC });
  await page.reload();
  const { libraries } = await bridge.backend.handle('libraries.list', {});
  const expected = libraries.flatMap((library) => library.styles.map((style) => (library.id === 'builtin' ? style.id : `${library.id}:${style.id}`)));
  expect(expected).toContain('my-styles:gothic');
  expect(expected).toContain('pirate'); // built in, with no hand-written prompt

  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('mode-prompted').check();
  await expect.poll(() => values(page, 'style-select')).toEqual(expected);
  await expect(page.getByTestId('style-select').locator('option[value="my-styles:gothic"]')).toHaveText('Gothic (My styles)');

  // Steered mode picks from the same styles, library by library; its style prompt from the same list.
  await page.getByTestId('mode-steered').check();
  await page.getByTestId('steering-library').selectOption('builtin');
  expect(await values(page, 'steering-style')).toEqual(libraries[0].styles.map((style) => style.id));
  await page.getByTestId('steered-prompt-styled').check();
  expect(await values(page, 'steered-prompt-style')).toEqual(expected);

  await page.getByTestId('nav-compare').click();
  expect(await values(page, 'compare-style')).toEqual(expected);
  await page.getByTestId('nav-sweep').click();
  await expect.poll(() => values(page, 'sweep-style')).toEqual(expected);

  // The writer's own style writes a prompted summary, and the history names it.
  await page.getByTestId('nav-compose').click();
  await page.getByTestId('mode-prompted').check();
  await page.getByTestId('style-select').selectOption('my-styles:gothic');
  await setSampling(page, 'maxTokens', 4);
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText(/Done|Repeating itself/, { timeout: 60_000 });
  const [saved] = (await bridge.backend.handle('history.list', { limit: 1, offset: 0 })).items;
  expect(saved).toMatchObject({ mode: 'prompted', style: 'my-styles:gothic' });
  await expect(page.getByTestId('history-item').first()).toContainText('Prompted · Gothic (My styles)');
});
