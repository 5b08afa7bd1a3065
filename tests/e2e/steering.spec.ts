/**
 * Steering in the window, through the bridge and a real engine process on the generated model:
 * choose the steered mode, a pair, a layer and a strength, summarise, and find every steering
 * setting in the saved record; build a vector and steer with it; create a library in the editor
 * and steer with its pair.
 */
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, setSampling, test } from './fixtures';

test('a steered summary with a chosen pair, layer and strength keeps its settings in history', async ({ app: page, bridge }, testInfo) => {
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('mode-steered').check();
  const controls = page.getByTestId('steering-controls');
  await expect(controls).toBeVisible();
  // The tiny model has 4 blocks: layers 2–4 can be steered, and the convention is spelled out.
  await expect(page.getByTestId('layer-bounds')).toHaveText('This model steers layers 2–4.');
  await expect(page.getByTestId('layer-convention')).toContainText('entering block L');
  await expect(page.getByTestId('steering-defaults-note')).toContainText('sweep');

  await page.getByTestId('steering-library').selectOption('builtin');
  await page.getByTestId('steering-style').selectOption('shakespearean');
  await page.getByTestId('steering-pair').selectOption('thou-art');
  await expect(page.getByTestId('steering-reference')).toHaveText('shakespearean/thou-art');
  await expect(page.getByTestId('steering-pair-preview')).toContainText('Thou art a noble friend');
  await page.getByTestId('steering-method-caa').check();
  await page.getByTestId('layer-single').check();
  await page.getByTestId('layer-start').fill('3');
  await page.getByTestId('layer-start').blur();
  await page.getByTestId('coefficient-input').fill('2.5');
  await setSampling(page, 'maxTokens', 8);
  await page.screenshot({ path: testInfo.outputPath('steered-compose.png'), fullPage: true });

  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });

  const item = page.getByTestId('history-item').first();
  await expect(item).toContainText('Steered');
  await item.getByTestId('history-open').click();
  await expect(page.getByTestId('record-view')).toBeVisible();
  await expect(page.getByTestId('record-setting-steering-method')).toHaveText('After the prompt (CAA)');
  await expect(page.getByTestId('record-setting-steering-pair')).toHaveText('shakespearean/thou-art');
  await expect(page.getByTestId('record-setting-layers-block-inputs-')).toHaveText('3');
  await expect(page.getByTestId('record-setting-strength')).toHaveText('2.5');

  const { items } = await bridge.backend.handle('history.list', { limit: 1 });
  const record = await bridge.backend.handle('history.get', { id: items[0].id });
  expect(record).toMatchObject({
    mode: 'steered',
    style: 'shakespearean',
    steering: { method: 'caa', pairId: 'shakespearean/thou-art', layerStart: 3, layerEnd: 3, coefficient: 2.5 },
  });
});

test('build a vector from the style, steer with it, and keep the file in the record', async ({ app: page, bridge }) => {
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('mode-steered').check();
  await page.getByTestId('steering-style').selectOption('shakespearean');
  await page.getByTestId('steering-pair').selectOption('');
  await page.getByTestId('layer-range').check();
  await page.getByTestId('layer-start').fill('2');
  await page.getByTestId('layer-end').fill('3');
  await page.getByTestId('layer-end').blur();

  await page.getByTestId('build-vector').locator('summary').click();
  await expect(page.getByTestId('build-from')).toContainText('all 8 pairs');
  await page.getByTestId('build-method-pca').check();
  await page.getByTestId('build-name').fill('olde');
  await page.getByTestId('build-start').click();
  await expect(page.getByTestId('build-result')).toContainText('Saved olde.gguf: principal component of 8 pairs, layers 2–3', { timeout: 60_000 });

  await page.getByTestId('build-use').click();
  await expect(page.getByTestId('steering-source-vector')).toBeChecked();
  await expect(page.getByTestId('steering-vector-fit')).toContainText('layers 2–3 can be steered');
  await expect(page.getByTestId('steering-method-actadd')).toBeDisabled();
  await setSampling(page, 'maxTokens', 6);
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });

  const { items } = await bridge.backend.handle('history.list', { limit: 1 });
  const record = await bridge.backend.handle('history.get', { id: items[0].id });
  expect(record.steering).toMatchObject({ method: 'caa', layerStart: 2, layerEnd: 3, vectorPath: expect.stringMatching(/vectors[\\/]olde\.gguf$/) });
  expect((await bridge.backend.handle('vectors.inspect', { path: record.steering!.vectorPath! })).steerling).toMatchObject({ method: 'pca' });

  // Building again under the same name asks before replacing.
  await page.getByTestId('steering-source-pair').check();
  await page.getByTestId('build-vector').locator('summary').click(); // closed by "Steer with this vector"
  await expect(page.getByTestId('build-name')).toHaveValue('olde');
  await page.getByTestId('build-start').click();
  await expect(page.getByTestId('build-error')).toContainText('There is already a file');
  await expect(page.getByTestId('build-replace')).toBeVisible();
});

test('create a library in the editor, refuse an identical pair, and steer with the new pair', async ({ app: page, bridge }) => {
  await page.getByTestId('nav-libraries').click();
  await expect(page.getByTestId('library-view')).toBeVisible();
  await page.locator('[data-testid="library-item"][data-id="builtin"]').click();
  await expect(page.getByTestId('library-duplicate')).toBeVisible();
  await expect(page.getByTestId('library-name')).toHaveCount(0);

  await page.getByTestId('library-new').click();
  await page.getByTestId('library-name').fill('My Styles');
  await page.getByTestId('style-name').fill('Olde');
  await page.getByTestId('pair-positive').fill('Thou art kind');
  await page.getByTestId('pair-negative').fill('Thou art kind');
  await page.getByTestId('library-save').click();
  await expect(page.getByTestId('library-error')).toContainText('it says exactly what the side in the style says');

  await page.getByTestId('pair-negative').fill('You are kind');
  await page.getByTestId('library-save').click();
  await expect(page.locator('[data-testid="library-item"][data-id="my-styles"]')).toHaveClass(/current/);
  const saved = await bridge.backend.handle('libraries.get', { id: 'my-styles' });
  expect(saved.styles).toEqual([{ id: 'olde', name: 'Olde', pairs: [{ id: 'thou-art-kind', positive: 'Thou art kind', negative: 'You are kind' }] }]);

  await page.getByTestId('nav-compose').click();
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('mode-steered').check();
  await page.getByTestId('steering-source-pair').check();
  await page.getByTestId('steering-library').selectOption('my-styles');
  await expect(page.getByTestId('steering-reference')).toHaveText('my-styles:olde');
  await page.getByTestId('steering-method-actadd').check();
  await setSampling(page, 'maxTokens', 6);
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });
  const { items } = await bridge.backend.handle('history.list', { limit: 1 });
  expect((await bridge.backend.handle('history.get', { id: items[0].id })).steering).toMatchObject({ method: 'actadd', pairId: 'my-styles:olde' });
});
