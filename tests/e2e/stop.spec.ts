/** Stop ends a running summary early; what was written is kept and marked as stopped. */
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, setSampling, test } from './fixtures';

test('the Stop button cancels a running summary and keeps the partial text', async ({ app: page, bridge }) => {
  await dropFile(page, HARBOUR_ARTICLE);
  // Long enough that the job is still running when Stop is pressed.
  await setSampling(page, 'maxTokens', 3000);
  await page.getByTestId('summarise-button').click();

  const stop = page.getByTestId('stop-button');
  await expect(page.getByTestId('summary-text')).not.toHaveText('');
  await expect(stop).toBeEnabled();
  await stop.click();

  await expect(page.getByTestId('summary-status')).toHaveText('Stopped');
  await expect(page.getByTestId('summary-cancelled')).toBeVisible();
  await expect(stop).toBeHidden();
  await expect(page.getByTestId('summarise-button')).toBeEnabled();

  const { items } = await bridge.backend.handle('history.list', { limit: 10 });
  expect(items).toHaveLength(1);
  const record = await bridge.backend.handle('history.get', { id: items[0].id });
  expect(record.cancelled).toBe(true);
  expect(record.stats.outputTokens).toBeLessThan(3000);
  await expect(page.getByTestId('summary-text')).toHaveText(record.output);
});
