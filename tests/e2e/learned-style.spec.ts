/**
 * The promise in the window, on the model that learned King James and modern English
 * (tests/fixtures/kjv-web): a modern article summarised plain, then steered with the built-in
 * King James pairs (after the prompt, the tests' chosen layer and strength), same seed. The plain
 * summary reads modern; the steered one reads as King James, by the app's own archaic-marker count.
 */
import { archaicScore } from '../../src-main/core/eval/style/archaic';
import { KJV_WEB_MODEL_PATH } from '../fixtures/kjv-web/kjv-web';
import { dropFile, expect, setSampling, test } from './fixtures';
import { steerWithKingJames } from './steer-king-james';

test.use({ bridgeOptions: { modelPath: KJV_WEB_MODEL_PATH } });

// Jonah is a held-out book: the model never saw these verses, in either wording.
const ARTICLE = {
  name: 'jonah-flees.txt',
  content:
    'Jonah runs from his task\n\n' +
    "Now Yahweh's word came to Jonah the son of Amittai, saying, \"Arise, go to Nineveh, that great city, and preach against it, for their wickedness has come up before me.\" " +
    'But Jonah rose up to flee to Tarshish from the presence of Yahweh. He went down to Joppa, and found a ship going to Tarshish; so he paid its fare, and went down into it.',
};

async function summarise(page: import('@playwright/test').Page): Promise<string> {
  await page.getByTestId('summarise-button').click();
  // A finished summary says Done, or that it repeats itself (a small model's plain summary may).
  await expect(page.getByTestId('summary-status')).toHaveText(/^(Done|Repeating itself)$/, { timeout: 60_000 });
  return (await page.getByTestId('summary-text').textContent()) ?? '';
}

test('a steered summary on the learned model reads as King James where the plain one reads modern', async ({ app: page }) => {
  await dropFile(page, ARTICLE);
  await setSampling(page, 'maxTokens', 40);
  await setSampling(page, 'seed', 3);
  const plain = await summarise(page);
  expect(plain.trim().split(/\s+/).length).toBeGreaterThan(10);
  const plainMarkers = archaicScore(plain).count;

  await steerWithKingJames(page);
  const steered = await summarise(page);
  const steeredMarkers = archaicScore(steered).count;
  expect(plainMarkers, plain).toBeLessThanOrEqual(1);
  expect(steeredMarkers, steered).toBeGreaterThanOrEqual(plainMarkers + 3);
});
