/**
 * Steering for writers: what steering is, in words; Subtle / Suggested / Strong strengths; and a
 * summary that collapses into repetition is reported as such, with the way out, instead of "Done".
 */
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, setSampling, test } from './fixtures';

test('the explainer and strength presets, and a looping summary said to be too strong', async ({ app: page }) => {
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('mode-steered').check();
  await expect(page.getByTestId('steering-explainer')).toContainText('Steering changes the voice from inside the model');
  const suggested = Number(await page.getByTestId('strength-suggested').evaluate((el) => el.querySelector('.value')!.textContent!.slice(1)));

  await page.getByTestId('strength-subtle').click();
  await expect(page.getByTestId('coefficient-input')).toHaveValue(String(Math.round(suggested * 0.5 * 2) / 2));
  await expect(page.getByTestId('strength-subtle')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('strength-strong').click();
  await expect(page.getByTestId('coefficient-input')).toHaveValue(String(Math.round(suggested * 1.5 * 2) / 2));
  await expect(page.getByTestId('strength-subtle')).toHaveAttribute('aria-pressed', 'false');

  await page.getByTestId('coefficient-input').fill('40');
  await setSampling(page, 'temperature', 0);
  await setSampling(page, 'repeatPenalty', 1);
  await setSampling(page, 'maxTokens', 40);
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Repeating itself', { timeout: 60_000 });
  await expect(page.getByTestId('summary-repetition')).toContainText('the steering is too strong');
  await page.getByTestId('summary-lower-strength').click();
  await expect(page.getByTestId('coefficient-input')).toHaveValue('20');
});
