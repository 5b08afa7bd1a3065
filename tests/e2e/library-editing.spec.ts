/**
 * Pair libraries for writers: pairs of several lines, problems named in words ("Style 1, pair 1,
 * the plain-English side") rather than field paths, and a file imported twice added only once.
 */
import { expect, test } from './fixtures';

test('multi-line pairs, plain-language problems, and importing the same file twice adds it once', async ({ app: page, bridge }) => {
  await page.getByTestId('nav-libraries').click();
  await page.getByTestId('library-new').click();
  await page.getByTestId('library-name').fill('Old Voices');
  await page.getByTestId('style-name').fill('Olde');
  await page.getByTestId('pair-positive').fill('Thou art kind.\nThou art wise.');
  await page.getByTestId('pair-negative').fill('Thou art kind.\nThou art wise.');
  await page.getByTestId('library-save').click();
  const error = page.getByTestId('library-error');
  await expect(error).toContainText('Style 1 (“Olde”), pair 1, the plain-English side: it says exactly what the side in the style says');
  await expect(error).not.toContainText('styles.0');

  await page.getByTestId('pair-negative').fill('You are kind.\nYou are wise.');
  const box = await page.getByTestId('pair-negative').boundingBox();
  const line = await page.getByTestId('library-name').boundingBox();
  expect(box!.height).toBeGreaterThan(line!.height); // both lines show
  await page.getByTestId('library-save').click();
  await expect(page.locator('[data-testid="library-item"][data-id="old-voices"]')).toHaveClass(/current/);
  const saved = await bridge.backend.handle('libraries.get', { id: 'old-voices' });
  expect(saved.styles[0].pairs[0]).toMatchObject({ positive: 'Thou art kind.\nThou art wise.', negative: 'You are kind.\nYou are wise.' });

  await page.getByTestId('library-export').first().click();
  await expect(page.getByTestId('toast').last()).toContainText('Exported');
  const exported = bridge.dialogs.saved.at(-1)!;
  bridge.dialogs.answerOpen('library', exported);
  await page.getByTestId('library-import').click();
  await expect(page.getByTestId('toast').last()).toContainText('"Old Voices" is already in your libraries; nothing was added');
  await page.getByTestId('library-import').click();
  await expect(page.getByTestId('library-item')).toHaveCount(2); // the built-in one and this one
  expect((await bridge.backend.handle('libraries.list', {})).libraries.map((library) => library.id)).toEqual(['builtin', 'old-voices']);
});
