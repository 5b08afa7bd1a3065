/** Saved results can be re-opened, copied, exported as Markdown and deleted. */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, setSampling, test } from './fixtures';

test('a re-opened result copies, exports to Markdown and can be deleted', async ({ app: page, bridge, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await dropFile(page, HARBOUR_ARTICLE);
  await setSampling(page, 'maxTokens', 16);
  await setSampling(page, 'seed', 7);
  await page.getByTestId('summarise-button').click();
  // Finished, whatever its status says: on this seed the test model's words fall into a loop.
  await expect(page.getByTestId('output-pane')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  const output = (await page.getByTestId('summary-text').textContent()) ?? '';

  await page.getByTestId('history-open').first().click();
  await expect(page.getByTestId('record-view')).toBeVisible();
  await expect(page.getByTestId('record-settings')).toContainText(/Seed\s*7/);
  await expect(page.getByTestId('record-output')).toHaveText(output);

  await page.getByTestId('record-copy').click();
  await expect(page.getByTestId('toast')).toContainText('copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(output);

  await page.getByTestId('record-export-format').selectOption('md');
  await page.getByTestId('record-export-button').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Exported' })).toContainText('.md');
  const [file] = await readdir(bridge.exportDir);
  expect(file).toBe(`${HARBOUR_ARTICLE.title}.md`);
  const markdown = await readFile(join(bridge.exportDir, file), 'utf8');
  expect(markdown.startsWith(`# ${HARBOUR_ARTICLE.title}`)).toBe(true);

  // Delete asks once more, then the record is gone from the list and from the store.
  await page.getByTestId('record-delete-button').click();
  await page.getByTestId('record-delete-confirm').click();
  await expect(page.getByTestId('record-view')).toBeHidden();
  await expect(page.getByTestId('compose-view')).toBeVisible();
  await expect(page.getByTestId('history-item')).toHaveCount(0);
  const { total } = await bridge.backend.handle('history.list', {});
  expect(total).toBe(0);
});
