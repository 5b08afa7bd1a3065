/**
 * Steering with a freshly built vector: "Steer with this vector" closes the build panel (its
 * result is now the steering source) and a method the file cannot use is changed out loud.
 */
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, test } from './fixtures';

test('Steer with this vector closes the build panel and says why ActAdd became CAA', async ({ app: page }) => {
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('mode-steered').check();
  await page.getByTestId('steering-style').selectOption('shakespearean');
  await page.getByTestId('steering-pair').selectOption('');
  await page.getByTestId('steering-method-actadd').check();
  await page.getByTestId('layer-range').check();
  await page.getByTestId('layer-start').fill('2');
  await page.getByTestId('layer-end').fill('3');
  await page.getByTestId('layer-end').blur();
  await expect(page.getByTestId('steering-method-note')).toHaveCount(0);

  const panel = page.getByTestId('build-vector');
  await panel.locator('summary').click();
  await page.getByTestId('build-name').fill('olde-choice');
  await page.getByTestId('build-start').click();
  await expect(page.getByTestId('build-result')).toContainText('Saved olde-choice.gguf', { timeout: 60_000 });
  await page.getByTestId('build-use').click();

  await expect(page.getByTestId('steering-source-vector')).toBeChecked();
  expect(await panel.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false);
  await expect(page.getByTestId('build-result')).toHaveCount(0);
  await expect(page.getByTestId('steering-method-caa')).toBeChecked();
  await expect(page.getByTestId('steering-method-note')).toHaveText('ActAdd needs a steering pair, so a vector file steers after the prompt (CAA).');
  await page.getByTestId('steering-method-all').check();
  await expect(page.getByTestId('steering-method-note')).toHaveCount(0);
});
