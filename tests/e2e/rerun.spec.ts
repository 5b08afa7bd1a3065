/**
 * Writing a saved summary again from history: the record's article (with its file name), mode,
 * steering and sampling come back and the old summary is cleared; Regenerate writes it again with
 * a new seed.
 */
import { HARBOUR_ARTICLE, MARKET_ARTICLE } from './articles';
import { dropFile, expect, setSampling, test } from './fixtures';

test('Summarise again restores the record’s article, mode, steering and sampling', async ({ app: page }) => {
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('mode-steered').check();
  await page.getByTestId('steering-library').selectOption('builtin');
  await page.getByTestId('steering-style').selectOption('shakespearean');
  await page.getByTestId('steering-pair').selectOption('thou-art');
  await page.getByTestId('steering-method-caa').check();
  await page.getByTestId('layer-single').check();
  await page.getByTestId('layer-start').fill('3');
  await page.getByTestId('layer-start').blur();
  await page.getByTestId('coefficient-input').fill('2.5');
  await setSampling(page, 'maxTokens', 6);
  await setSampling(page, 'seed', 1234);
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });

  // Everything changes afterwards: another article, another mode, other sampling.
  await dropFile(page, MARKET_ARTICLE);
  await page.getByTestId('mode-plain').check();
  await setSampling(page, 'seed', 7);
  await setSampling(page, 'maxTokens', 9);

  await page.getByTestId('history-item').first().getByTestId('history-open').click();
  await expect(page.getByTestId('record-again')).toBeVisible(); // in the toolbar, not folded away
  await page.getByTestId('record-again').click();

  await expect(page.getByTestId('compose-view')).toBeVisible();
  await expect(page.getByTestId('article-title')).toHaveText(HARBOUR_ARTICLE.title);
  await expect(page.getByTestId('article-source')).toHaveText('harbour-ferry.txt');
  await expect(page.getByTestId('mode-steered')).toBeChecked();
  await expect(page.getByTestId('steering-style')).toHaveValue('shakespearean');
  await expect(page.getByTestId('steering-pair')).toHaveValue('thou-art');
  await expect(page.getByTestId('steering-method-caa')).toBeChecked();
  await expect(page.getByTestId('layer-single')).toBeChecked();
  await expect(page.getByTestId('layer-start')).toHaveValue('3');
  await expect(page.getByTestId('coefficient-input')).toHaveValue('2.5');
  await expect(page.getByTestId('sampling-seed')).toHaveValue('1234');
  await expect(page.getByTestId('sampling-maxTokens')).toHaveValue('6');
  await expect(page.getByTestId('output-pane')).toHaveCount(0); // the old summary is gone
});

test('Regenerate writes the saved summary again with a new seed and the same settings', async ({ app: page, bridge }) => {
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('mode-prompted').check();
  await setSampling(page, 'maxTokens', 6);
  await setSampling(page, 'seed', 1234);
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });
  const style = await page.getByTestId('style-select').inputValue();

  await page.getByTestId('mode-plain').check();
  await page.getByTestId('history-item').first().getByTestId('history-open').click();
  await page.getByTestId('record-regenerate').click();
  await expect(page.getByTestId('compose-view')).toBeVisible();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });
  await expect(page.getByTestId('mode-prompted')).toBeChecked();

  // And once more from the summary pane.
  await page.getByTestId('summary-regenerate').click();
  await expect(page.getByTestId('history-item')).toHaveCount(3);
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });

  const { items } = await bridge.backend.handle('history.list', { limit: 3 });
  const records = await Promise.all(items.map(({ id }) => bridge.backend.handle('history.get', { id })));
  const seeds = records.map((record) => record.sampling.seed);
  expect(new Set(seeds).size).toBe(3);
  for (const record of records) {
    expect(record).toMatchObject({ mode: 'prompted', style, article: { source: 'harbour-ferry.txt' } });
    expect(record.sampling.maxTokens).toBe(6);
  }
});
