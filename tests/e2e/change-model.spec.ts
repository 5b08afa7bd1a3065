/**
 * A model loaded with "Change model…" is listed under "On this computer" (linked, not copied), in
 * use; choosing the same file again does not list it twice.
 */
import { basename } from 'node:path';
import { expect, test } from './fixtures';

test('a model loaded with Change model… is listed on this computer', async ({ app: page, bridge, tinyModelPath }) => {
  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('installed-empty')).toBeVisible();

  await page.getByTestId('choose-model').click();
  const row = page.getByTestId('installed-model');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-id', basename(tinyModelPath, '.gguf'));
  await expect(row.getByTestId('installed-in-use')).toBeVisible();

  await page.getByTestId('choose-model').click();
  await expect(page.getByTestId('model-name')).toHaveText(basename(tinyModelPath, '.gguf'));
  await expect(row).toHaveCount(1);
  await expect(page.getByTestId('model-import-error')).toHaveCount(0);
  const { models } = await bridge.backend.handle('models.installed', {});
  expect(models.map((m) => [m.importMode, m.linkTarget])).toEqual([['link', tinyModelPath]]);
});
