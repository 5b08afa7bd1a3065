/**
 * The keyboard path: a skip link past the history, focus carried on after "Use this text", and
 * Ctrl+O (open an article), Ctrl+F (search the history) and Ctrl+E (export the summary).
 */
import { readFile } from 'node:fs/promises';
import { HARBOUR_ARTICLE, MARKET_ARTICLE } from './articles';
import { expect, setSampling, test } from './fixtures';

test('skip link, focus after Use this text, and Ctrl+O, Ctrl+F and Ctrl+E', async ({ app: page, bridge }) => {
  await page.keyboard.press('Tab');
  const skip = page.getByTestId('skip-link');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('main')).toBeFocused();
  await page.keyboard.press('Tab'); // the next stop is in the main column, not the history
  expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="main"]') !== null)).toBe(true);

  await page.getByTestId('paste-toggle').click();
  await page.getByTestId('paste-text').fill(MARKET_ARTICLE.content);
  await page.getByTestId('paste-submit').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('article-title')).toHaveText(MARKET_ARTICLE.title);
  await expect(page.getByTestId('summarise-button')).toBeFocused();

  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('history-search')).toBeFocused();

  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+o');
  await (await chooser).setFiles({ name: HARBOUR_ARTICLE.name, mimeType: 'text/plain', buffer: Buffer.from(HARBOUR_ARTICLE.content) });
  await expect(page.getByTestId('article-title')).toHaveText(HARBOUR_ARTICLE.title);

  await page.keyboard.press('Control+e');
  await expect(page.getByTestId('toast').last()).toContainText('no summary on screen');
  await setSampling(page, 'maxTokens', 6);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });
  const text = await page.getByTestId('summary-text').innerText();
  await page.keyboard.press('Control+e');
  await expect(page.getByTestId('toast').last()).toContainText('Exported the summary to');
  expect(await readFile(bridge.dialogs.saved.at(-1)!, 'utf8')).toContain(text.trim());
});
