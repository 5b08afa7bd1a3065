/**
 * The probe and Find settings in the window, through the bridge and a real engine process on the
 * generated model: samples arrive side by side, a calibration shows its progress and result,
 * saves its preset and makes it the current choice, and Stop ends one part-way.
 */
import { expect, test } from './fixtures';

test('probe a sentence, then find settings and stop a second search', async ({ app: page, bridge }) => {
  await page.getByTestId('mode-steered').check();
  await page.getByTestId('steering-library').selectOption('builtin');
  await page.getByTestId('steering-style').selectOption('shakespearean');
  await page.getByTestId('steering-pair').selectOption('thou-you');
  await page.getByTestId('probe-text').fill('The council met and');
  await page.getByTestId('probe-start').click();
  await expect(page.getByTestId('probe-sample')).toHaveCount(3, { timeout: 60_000 });
  await expect(page.getByTestId('probe-sample').first()).toContainText('Unsteered');
  await expect(page.getByTestId('probe-start')).toBeVisible();

  await page.getByTestId('calibrate-start').click();
  await expect(page.getByTestId('calibrate-progress')).toContainText(/continuations/, { timeout: 60_000 });
  await expect(page.getByTestId('calibrate-result')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('calibrate-result')).toContainText('Cells that keep fluency');
  const saved = (await bridge.backend.handle('presets.list', { pairId: 'shakespearean' })).items;
  const result = page.getByTestId('calibrate-result');
  if (saved.length > 0) {
    await expect(result).toContainText(`Saved as the preset “${saved[0].name}”`);
    await expect(page.getByTestId('layer-start')).toHaveValue(String(saved[0].layerStart));
  } else {
    await expect(result).toContainText('No cell');
  }

  await page.getByTestId('calibrate-start').click();
  await expect(page.getByTestId('calibrate-progress')).toContainText(/continuations/, { timeout: 60_000 });
  await page.getByTestId('calibrate-stop').click();
  await expect(page.getByTestId('calibrate-result')).toContainText(/Stopped after \d+ of \d+ cells/, { timeout: 60_000 });
});
