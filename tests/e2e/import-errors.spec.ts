/** A file that cannot be used says why, right by the drop zone, and the current article stays. */
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, test } from './fixtures';

test('unsupported and empty files show their own error and keep the previous article', async ({ app: page }, testInfo) => {
  await dropFile(page, HARBOUR_ARTICLE);
  await expect(page.getByTestId('article-title')).toHaveText(HARBOUR_ARTICLE.title);

  await dropFile(page, { name: 'holiday.xyz', content: 'not an article format', mimeType: 'application/octet-stream' });
  const error = page.getByTestId('import-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-code', 'articles.unsupported');
  await expect(page.getByTestId('import-error-message')).toContainText('"holiday.xyz" can\'t be imported');
  await expect(error).toContainText('your current article is unchanged');
  await expect(page.getByTestId('article-title')).toHaveText(HARBOUR_ARTICLE.title);
  await page.screenshot({ path: testInfo.outputPath('unsupported-file.png') });

  await dropFile(page, { name: 'empty.txt', content: '', mimeType: 'text/plain' });
  await expect(error).toHaveAttribute('data-code', 'articles.empty');
  await expect(page.getByTestId('import-error-message')).toContainText('"empty.txt" is empty');
  await expect(page.getByTestId('article-title')).toHaveText(HARBOUR_ARTICLE.title);

  await dropFile(page, { name: 'blank.txt', content: '  \n\n \t \n', mimeType: 'text/plain' });
  await expect(error).toHaveAttribute('data-code', 'articles.empty');
  await expect(page.getByTestId('import-error-message')).toContainText('"blank.txt" contains no text');
  await expect(page.getByTestId('article-title')).toHaveText(HARBOUR_ARTICLE.title);

  // Dismissing the message leaves the article ready to summarise.
  await page.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(error).toBeHidden();
  await expect(page.getByTestId('summarise-button')).toBeEnabled();
});

test('a good file after a bad one replaces the error with the new article', async ({ app: page }) => {
  await dropFile(page, { name: 'notes.doc', content: 'old word file', mimeType: 'application/msword' });
  await expect(page.getByTestId('import-error')).toHaveAttribute('data-code', 'articles.unsupported');
  await expect(page.getByTestId('import-error')).not.toContainText('your current article is unchanged');
  await expect(page.getByTestId('article-preview')).toHaveCount(0);
  await expect(page.getByTestId('summarise-button')).toBeDisabled();

  await dropFile(page, HARBOUR_ARTICLE);
  await expect(page.getByTestId('article-title')).toHaveText(HARBOUR_ARTICLE.title);
  await expect(page.getByTestId('import-error')).toBeHidden();
});
