/** The other ways in: pasted text, the file picker, a prompted style, and choosing the model. */
import { HARBOUR_ARTICLE } from './articles';
import { expect, setSampling, test } from './fixtures';

test('pasted text summarised in a prompted style is saved with its style', async ({ app: page, bridge }) => {
  await page.getByTestId('paste-toggle').click();
  await page.getByTestId('paste-title').fill('Pasted Notes on the Harbour');
  await page.getByTestId('paste-text').fill(HARBOUR_ARTICLE.content.split('\n\n').slice(1).join('\n\n'));
  await page.getByTestId('paste-submit').click();
  await expect(page.getByTestId('article-title')).toHaveText('Pasted Notes on the Harbour');
  await expect(page.getByTestId('article-source')).toHaveText('pasted text');
  await expect(page.getByTestId('paste-form')).toBeHidden();

  const info = await bridge.backend.handle('app.info', {});
  expect(info.styles.length).toBeGreaterThan(0);
  const style = info.styles[info.styles.length - 1];
  await page.getByTestId('mode-prompted').check();
  await page.getByTestId('style-select').selectOption(style.id);
  await expect(page.getByTestId('mode-steered')).toBeEnabled();
  await setSampling(page, 'maxTokens', 16);
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });

  const item = page.getByTestId('history-item').first();
  await expect(item).toContainText('Pasted Notes on the Harbour');
  await expect(item).toContainText(style.label);
  const { items } = await bridge.backend.handle('history.list', { limit: 5 });
  const record = await bridge.backend.handle('history.get', { id: items[0].id });
  expect(record.mode).toBe('prompted');
  expect(record.style).toBe(style.id);
  expect(record.sampling.maxTokens).toBe(16);

  // Blank text cannot be submitted as an article.
  await page.getByTestId('paste-toggle').click();
  await page.getByTestId('paste-text').fill('   ');
  await expect(page.getByTestId('paste-submit')).toBeDisabled();
});

test('the file picker imports the chosen file', async ({ app: page }) => {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('choose-file').click();
  await (await chooser).setFiles({
    name: HARBOUR_ARTICLE.name,
    mimeType: HARBOUR_ARTICLE.mimeType,
    buffer: Buffer.from(HARBOUR_ARTICLE.content),
  });
  await expect(page.getByTestId('article-title')).toHaveText(HARBOUR_ARTICLE.title);
  await expect(page.getByTestId('article-source')).toHaveText(HARBOUR_ARTICLE.name);
});

test.describe('without a model loaded', () => {
  test.use({ bridgeOptions: { loadModel: false } });

  test('asks for a model, then loads the one chosen in the dialog', async ({ app: page, bridge }) => {
    await page.getByTestId('paste-toggle').click();
    await page.getByTestId('paste-text').fill(HARBOUR_ARTICLE.content);
    await page.getByTestId('paste-submit').click();
    await expect(page.getByTestId('model-name')).toHaveText('No model loaded');
    await expect(page.getByTestId('summarise-button')).toBeDisabled();
    await expect(page.getByTestId('summarise-hint')).toHaveText('Choose a model first.');

    await page.getByTestId('choose-model').click();
    await expect(page.getByTestId('model-name')).toHaveText(/tiny/);
    const model = await bridge.backend.handle('models.current', {});
    expect(model?.id).toMatch(/^tiny-/);
    await expect(page.getByTestId('summarise-button')).toBeEnabled();
    await expect(page.getByTestId('choose-model')).toHaveText('Change model…');
  });
});
