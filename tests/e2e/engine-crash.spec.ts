/** When the engine process dies, the window stays, says so calmly, and works again after the restart. */
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, setSampling, test } from './fixtures';

test('a crashed engine is announced, restarted with the model, and summarises again', async ({ app: page, bridge }, testInfo) => {
  await dropFile(page, HARBOUR_ARTICLE);
  const firstPid = bridge.engineWorkerPid();
  expect(firstPid).toBeDefined();

  process.kill(firstPid!, 'SIGKILL');
  const banner = page.getByTestId('engine-banner');
  await expect(banner).toHaveAttribute('data-state', 'restarting');
  await expect(banner).toContainText('stopped unexpectedly');
  await expect(banner).toContainText('restarting');
  await expect(page.getByTestId('summarise-button')).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('engine-restarting.png') });

  // The new worker reloads the model; the banner goes and the article is still there.
  await expect(banner).toBeHidden({ timeout: 60_000 });
  expect(bridge.engineWorkerPid()).not.toBe(firstPid);
  await expect(page.getByTestId('model-name')).toHaveText(/tiny/);
  await expect(page.getByTestId('article-title')).toHaveText(HARBOUR_ARTICLE.title);

  await setSampling(page, 'maxTokens', 8);
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });
});
