/**
 * Sets the compose view to a steered summary with the built-in King James pairs at the learned
 * model's summary setting: shared by its browser test and the README screenshot, so both show the
 * same thing.
 */
import type { Page } from '@playwright/test';
import { KJV_WEB_SUMMARY_SETTINGS } from '../fixtures/kjv-web/settings';

export async function steerWithKingJames(page: Page): Promise<void> {
  const { layerStart, coefficient } = KJV_WEB_SUMMARY_SETTINGS;
  await page.getByTestId('mode-steered').check();
  await page.getByTestId('steering-library').selectOption('builtin');
  await page.getByTestId('steering-style').selectOption('king-james');
  await page.getByTestId('steering-method-caa').check();
  await page.getByTestId('layer-single').check();
  await page.getByTestId('layer-start').fill(String(layerStart));
  await page.getByTestId('layer-start').blur();
  await page.getByTestId('coefficient-input').fill(String(coefficient));
}
