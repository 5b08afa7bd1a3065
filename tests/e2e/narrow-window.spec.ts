/**
 * A 1024 px window (a laptop, or half a wide screen): the header stays on one line and the
 * article, the Summarise button and the summary all fit the first screen, without scrolling.
 */
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, test } from './fixtures';

test('at 1024 px the header is one line and Summarise and the summary are in reach', async ({ app: page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await dropFile(page, HARBOUR_ARTICLE);
  await expect(page.getByTestId('article-title')).toHaveText(HARBOUR_ARTICLE.title);

  const tab = await page.getByTestId('nav-libraries').boundingBox();
  const firstTab = await page.getByTestId('nav-compare').boundingBox();
  expect(tab!.height).toBeLessThan(firstTab!.height * 1.5); // "Pair libraries" on one line
  expect(tab!.y).toBe(firstTab!.y);

  const button = await page.getByTestId('summarise-button').boundingBox();
  expect(button!.y + button!.height).toBeLessThan(700);
  const title = await page.getByTestId('article-title').boundingBox();
  expect(button!.y).toBeLessThan(title!.y + title!.height); // beside the article, not below it
  await expect(page.getByTestId('summarise-button')).toBeInViewport();
});
