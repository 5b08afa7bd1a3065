/**
 * The window itself never scrolls: only the main column does. A long article title is cut with an
 * ellipsis instead of widening the summary column, and the hidden layer labels of steered mode do
 * not push the top bar off screen when a summary starts.
 */
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, setSampling, test } from './fixtures';
import type { Page } from '@playwright/test';

const LONG_TITLE =
  'Council Approves the Long-Awaited Redevelopment of the Northern Harbour Waterfront and Its Terminal';

/** How far the window and the main column can scroll sideways, and the window downwards. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    const main = document.querySelector('[data-testid="main"]')!;
    return {
      windowX: root.scrollWidth - root.clientWidth,
      windowY: root.scrollHeight - root.clientHeight,
      windowScrollTop: root.scrollTop,
      mainX: main.scrollWidth - main.clientWidth,
    };
  });
}

test('a long title is cut with an ellipsis and nothing scrolls sideways', async ({ app: page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const content = `${LONG_TITLE}\n\n${HARBOUR_ARTICLE.content.split('\n').slice(2).join('\n')}`;
  await dropFile(page, { ...HARBOUR_ARTICLE, name: 'long-title.txt', content });
  await expect(page.getByTestId('article-title')).toHaveText(LONG_TITLE);
  await setSampling(page, 'maxTokens', 6);
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });

  const of = page.getByTestId('summary-of');
  await expect(of).toContainText(LONG_TITLE); // the whole title is there (and in its tooltip) ...
  await expect(of).toHaveAttribute('title', LONG_TITLE);
  const cut = await of.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, ellipsis: getComputedStyle(el).textOverflow }));
  expect(cut.ellipsis).toBe('ellipsis'); // ... but cut where it does not fit
  expect(cut.scroll).toBeGreaterThan(cut.client);
  expect(await overflow(page)).toMatchObject({ windowX: 0, windowY: 0, mainX: 0 });
  await expect(page.getByTestId('nav-compare')).toBeInViewport();
});

test('starting a steered summary keeps the top bar and navigation on screen', async ({ app: page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('mode-steered').check();
  await page.getByTestId('layer-range').check();
  await setSampling(page, 'maxTokens', 6);
  expect(await overflow(page)).toMatchObject({ windowX: 0, windowY: 0 });

  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });
  expect(await overflow(page)).toMatchObject({ windowX: 0, windowY: 0, windowScrollTop: 0, mainX: 0 });
  const bar = await page.locator('header.topbar').boundingBox();
  expect(bar!.y).toBe(0);
  await expect(page.getByTestId('nav-compare')).toBeInViewport();
});
