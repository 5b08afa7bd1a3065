/**
 * Several articles at once: five chosen together, one of them a broken PDF. Each is queued with
 * its state, the four good ones are summarised and saved while the bad one fails with its reason,
 * and "Export all" writes a folder of one file per summary and one Word document of them all.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { renderExport } from '../../src-main/core/history';
import { expect, test } from './fixtures';

const ARTICLES: [string, string][] = [
  ['harbour.txt', 'Harbour wall approved\n\nThe council approved a new harbour wall on Tuesday after a long debate.'],
  ['broken.pdf', '%PDF-1.7\n1 0 obj << /Type /Catalog >>'],
  ['market.md', '# Market hall reopens\n\nThe old market hall reopened with forty stalls and a café.'],
  ['library.html', '<html><head><title>Solar library</title></head><body><article><h1>Solar library opens</h1><p>The library now runs on solar power.</p></article></body></html>'],
  ['festival.txt', 'River festival\n\nBoats, music and food returned to the river for the summer festival.'],
];

test('five articles, one broken: each queued with its state, the rest summarised, all exported to a folder and to Word', async ({ app, bridge }) => {
  const articlesDir = join(bridge.exportDir, '..', 'articles');
  mkdirSync(articlesDir, { recursive: true });
  bridge.dialogs.articlePaths = ARTICLES.map(([name, content]) => {
    writeFileSync(join(articlesDir, name), content);
    return join(articlesDir, name);
  });
  const folder = join(bridge.exportDir, 'summaries');
  bridge.dialogs.exportFolder = folder;

  await app.getByRole('button', { name: 'Summarise several articles…' }).click();
  const queue = app.getByTestId('batch');
  const items = queue.getByTestId('batch-item');
  await expect(items).toHaveCount(5);
  await expect(queue.getByRole('heading', { level: 2 })).toHaveText('Batch: 4 of 5 done', { timeout: 90_000 });
  await expect(items.nth(1)).toContainText('broken.pdf');
  await expect(items.nth(1)).toContainText(/Failed: .*incomplete/);
  for (const i of [0, 2, 3, 4]) await expect(items.nth(i)).toContainText('Done, saved to the history');

  // Each finished summary is in the history already.
  const saved = await bridge.backend.handle('history.list', {});
  expect(saved.total).toBe(4);
  const records = await Promise.all(saved.items.map((item) => bridge.backend.handle('history.get', { id: item.id })));

  await queue.getByRole('button', { name: 'Export all to a folder…' }).click();
  await expect(app.getByText('4 files saved in summaries')).toBeVisible();
  const written = readdirSync(folder).sort();
  expect(written).toHaveLength(4);
  // One Markdown file per summary, byte for byte what a single export of it gives.
  const expected = records.map((record) => renderExport([record], 'md')).sort();
  expect(written.map((name) => readFileSync(join(folder, name), 'utf8')).sort()).toEqual(expected);

  await queue.getByLabel('Format').selectOption('docx');
  await queue.getByRole('button', { name: 'Export all as one document…' }).click();
  await expect(app.getByText('Saved Summaries.docx')).toBeVisible();
  const docx = readFileSync(join(bridge.exportDir, 'Summaries.docx'));
  expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
  const { value: text } = await mammoth.extractRawText({ buffer: docx });
  for (const record of records) expect(text).toContain(record.article.title);
});
