/**
 * A small window (1024 × 700): the history folds away to give its width to the work, stays folded
 * after a restart, and comes back for Ctrl+F; the pair editor keeps both sides readable.
 */
import { expect, test } from './fixtures';

test('at 1024 × 700 the history folds away and the pair editor stays readable', async ({ app: page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const toggle = page.getByTestId('history-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const before = (await page.getByTestId('main').boundingBox())!.width;

  await toggle.click();
  await expect(page.getByTestId('history')).toHaveCount(0);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  expect((await page.getByTestId('main').boundingBox())!.width).toBeGreaterThan(before + 200);
  await expect(page.getByTestId('nav-libraries')).toBeInViewport(); // the header still fits

  await page.reload();
  await expect(page.getByTestId('compose-view')).toBeVisible();
  await expect(page.getByTestId('history')).toHaveCount(0);

  await page.getByTestId('nav-libraries').click();
  await page.getByTestId('library-new').click();
  for (const side of ['pair-positive', 'pair-negative']) {
    expect((await page.getByTestId(side).boundingBox())!.width).toBeGreaterThan(220);
  }

  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('history-search')).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
});
