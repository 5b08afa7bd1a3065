/**
 * The main path a writer takes: drop an article, summarise it plainly, watch the text stream in,
 * find the result in history (also by searching), and export it to a text file.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HARBOUR_ARTICLE, MARKET_ARTICLE } from './articles';
import { dropFile, expect, setSampling, test } from './fixtures';

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

test('drop a .txt article, summarise it plainly, find it in history and export it', async ({ app: page, bridge }, testInfo) => {
  await expect(page.getByTestId('model-name')).toHaveText(/tiny/);
  await expect(page.getByTestId('history-empty')).toBeVisible();

  await dropFile(page, HARBOUR_ARTICLE);
  await expect(page.getByTestId('article-title')).toHaveText(HARBOUR_ARTICLE.title);
  await expect(page.getByTestId('article-words')).toHaveText(/\d+ words/);
  await expect(page.getByTestId('article-source')).toHaveText(HARBOUR_ARTICLE.name);
  await expect(page.getByTestId('article-opening')).toContainText('battery-powered ferry');

  await page.getByTestId('mode-plain').check();
  await setSampling(page, 'maxTokens', 24);
  await page.screenshot({ path: testInfo.outputPath('article-ready.png') });

  // Text appears while the job runs, before the final "Done".
  const texts: string[] = [];
  await page.exposeFunction('recordSummaryText', (text: string) => texts.push(text));
  await page.evaluate(() => {
    const pane = () => document.querySelector('[data-testid="summary-text"]');
    new MutationObserver(() => {
      const text = pane()?.textContent ?? '';
      if (text.trim()) (window as unknown as { recordSummaryText(t: string): void }).recordSummaryText(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });
  const output = (await page.getByTestId('summary-text').textContent()) ?? '';
  expect(output.trim().length).toBeGreaterThan(0);
  expect(new Set(texts).size, 'the summary arrived in several pieces').toBeGreaterThan(1);
  await expect(page.getByTestId('summary-stats')).toContainText(/\d+ tokens in/);
  await page.screenshot({ path: testInfo.outputPath('summary-done.png') });

  // It is in the history list...
  const items = page.getByTestId('history-item');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText(HARBOUR_ARTICLE.title);
  await expect(items.first()).toContainText('Plain');

  // ...and search finds it by title, and finds nothing for words it does not contain.
  await dropFile(page, MARKET_ARTICLE);
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });
  await expect(items).toHaveCount(2);
  await page.getByTestId('history-search').fill('ferry');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText(HARBOUR_ARTICLE.title);
  await page.getByTestId('history-search').fill('zeppelin');
  await expect(items).toHaveCount(0);
  await expect(page.getByTestId('history-empty')).toContainText('zeppelin');
  await page.getByTestId('history-search').fill('ferry');
  await expect(items).toHaveCount(1);

  // Re-open it: title, settings and the same output.
  await items.first().getByTestId('history-open').click();
  await expect(page.getByTestId('record-title')).toHaveText(HARBOUR_ARTICLE.title);
  await expect(page.getByTestId('record-output')).toHaveText(output);
  await expect(page.getByTestId('record-settings')).toContainText('24 tokens');

  // Export the selected record to .txt.
  await items.first().getByTestId('history-select').check();
  await page.getByTestId('history-export-format').selectOption('txt');
  await page.getByTestId('history-export-button').click();
  await expect(page.getByTestId('toast')).toContainText('Exported 1 summary to');
  const exported = await readdir(bridge.exportDir);
  expect(exported).toHaveLength(1);
  expect(exported[0]).toMatch(/\.txt$/);
  const bytes = await readFile(join(bridge.exportDir, exported[0]));
  const text = bytes.toString('utf8');
  expect(text).toContain(HARBOUR_ARTICLE.title);
  expect(squash(text)).toContain(squash(output));
  expect(text).not.toContain(MARKET_ARTICLE.title);
  await page.screenshot({ path: testInfo.outputPath('record-exported.png') });
});
