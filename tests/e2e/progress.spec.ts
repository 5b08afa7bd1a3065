/**
 * Progress on long work: a summary says how many tokens it has written and about how long is
 * left; a sweep says how long its remaining cells will take.
 */
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, setSampling, test } from './fixtures';

const ESTIMATE = /(about \d+ (minutes?|h)|less than a minute) left/;

test('a summary shows the tokens written and the time left while it writes', async ({ app: page }) => {
  await dropFile(page, HARBOUR_ARTICLE);
  await setSampling(page, 'maxTokens', 600);
  await setSampling(page, 'repeatPenalty', 1.3);
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-progress')).toContainText(/[1-9]\d* tokens? written of at most 600/);
  await expect(page.getByTestId('summary-time-left')).toHaveText(ESTIMATE);
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Stopped', { timeout: 60_000 });
  await expect(page.getByTestId('summary-progress')).toHaveCount(0);
});

test('a sweep shows the time left for its remaining cells', async ({ app: page }) => {
  test.setTimeout(180_000);
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('nav-sweep').click();
  await page.getByTestId('steering-source-pair').check();
  await page.getByTestId('steering-style').selectOption('shakespearean');
  await page.getByTestId('steering-pair').selectOption('thou-you');
  await page.getByTestId('sweep-method-caa').check();
  await page.getByTestId('sweep-layer-from').fill('2');
  await page.getByTestId('sweep-layer-to').fill('4');
  await page.getByTestId('sweep-coefficients').fill('1, 2, 3, 4, 5, 6');
  await expect(page.getByTestId('sweep-cell-count')).toContainText('18 cells');
  await setSampling(page, 'maxTokens', 12);

  await page.getByTestId('sweep-start').click();
  await expect(page.getByTestId('sweep-time-left')).toHaveText(ESTIMATE, { timeout: 120_000 });
  await expect(page.getByTestId('sweep-progress-text')).toContainText('of 18 cells');
  await page.getByTestId('sweep-cancel').click();
  await expect(page.getByTestId('sweep-status')).toHaveText('Cancelled', { timeout: 120_000 });
  await expect(page.getByTestId('sweep-time-left')).toHaveCount(0);
});
