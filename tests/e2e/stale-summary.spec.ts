/**
 * A summary shown next to an article it was not written from says so: after loading another
 * article the pane names both and fades the old text; summarising the new one clears the cue.
 */
import { HARBOUR_ARTICLE, MARKET_ARTICLE } from './articles';
import { dropFile, expect, setSampling, test } from './fixtures';

test('loading another article marks the shown summary as belonging to the previous one', async ({ app: page }) => {
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('mode-plain').check();
  await setSampling(page, 'maxTokens', 12);
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });
  await expect(page.getByTestId('summary-stale')).toHaveCount(0);

  await dropFile(page, MARKET_ARTICLE);
  await expect(page.getByTestId('article-title')).toHaveText(MARKET_ARTICLE.title);
  const cue = page.getByTestId('summary-stale');
  await expect(cue).toContainText(`of “${HARBOUR_ARTICLE.title}”, not of “${MARKET_ARTICLE.title}”`);
  await expect(page.getByTestId('summary-text')).toHaveClass(/stale/);

  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });
  await expect(cue).toHaveCount(0);
  await expect(page.getByTestId('summary-text')).not.toHaveClass(/stale/);
});
