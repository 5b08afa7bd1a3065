import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticleBytes, importArticleFile } from '../../../src-main/core/articles';
import { buildImageOnlyPdf, buildPdf } from './build-files';
import { expectImportError, scratchDir, repoPath } from './helpers';

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.remove());

async function twoPagePdf(title?: string): Promise<Uint8Array> {
  return buildPdf(
    [
      [
        { text: 'Wind Farm Plan Wins Approval', size: 18 },
        { text: 'Plans for six turbines on Carrow Hill were approved\nby the county on Wednesday after a long debate.', gapBefore: 14 },
        { text: 'Supporters say the farm will power three thousand\nhomes, and that the', gapBefore: 14 },
      ],
      [
        { text: 'income will fund the village hall.' },
        { text: 'Construction starts next year.', gapBefore: 14 },
      ],
    ],
    { title },
  );
}

describe('.pdf', () => {
  it('reads the text of every page, rebuilding lines into paragraphs', async () => {
    const path = await scratch.write('wind.pdf', await twoPagePdf());
    const article = await importArticleFile(path);
    expect(article.format).toBe('pdf');
    expect(article.source).toBe(path);
    expect(article.title).toBe('Wind Farm Plan Wins Approval');
    expect(article.text).toBe(
      [
        'Wind Farm Plan Wins Approval',
        'Plans for six turbines on Carrow Hill were approved by the county on Wednesday after a long debate.',
        // The sentence runs over the page break and must stay in one paragraph.
        'Supporters say the farm will power three thousand homes, and that the income will fund the village hall.',
        'Construction starts next year.',
      ].join('\n\n'),
    );
    expect(article.wordCount).toBe(45);
  });

  it('takes the title from the document properties when there is one', async () => {
    const article = await importArticleBytes('wind.pdf', await twoPagePdf('Carrow Hill Turbines Approved'));
    expect(article.title).toBe('Carrow Hill Turbines Approved');
  });

  it('says a password-protected PDF is password-protected', async () => {
    await expectImportError(
      importArticleFile(repoPath('tests/fixtures/articles/encrypted.pdf')),
      'encrypted',
      /"encrypted\.pdf" is password-protected/,
    );
  });

  it('says a truncated PDF is incomplete', async () => {
    const whole = await twoPagePdf();
    const path = await scratch.write('cut.pdf', whole.subarray(0, Math.floor(whole.length * 0.6)));
    await expectImportError(importArticleFile(path), 'corrupt', /"cut\.pdf" is incomplete/);
  });

  it('says a PDF with a damaged body is damaged', async () => {
    const bytes = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog garbage garbage\n%%EOF\n', 'latin1');
    await expectImportError(importArticleBytes('broken.pdf', bytes), 'corrupt', /"broken\.pdf" is damaged or isn't really a PDF/);
  });

  it('says an image-only PDF has no selectable text', async () => {
    const path = await scratch.write('scan.pdf', await buildImageOnlyPdf());
    await expectImportError(importArticleFile(path), 'empty', /"scan\.pdf" has no selectable text/);
  });

  it('refuses random binary data named .pdf as damaged', async () => {
    const bytes = new Uint8Array(512).map((_, i) => (i * 37) % 256);
    await expectImportError(importArticleBytes('download.pdf', bytes), 'corrupt', /"download\.pdf" is damaged/);
  });

  it('reads a real PDF that was renamed .txt as a PDF', async () => {
    const article = await importArticleBytes('wind.txt', await twoPagePdf());
    expect(article.format).toBe('pdf');
    expect(article.title).toBe('Wind Farm Plan Wins Approval');
  });

  it('leaves the caller\'s bytes intact', async () => {
    const bytes = await readFile(repoPath('tests/fixtures/articles/encrypted.pdf'));
    const copy = Buffer.from(bytes);
    await importArticleBytes('encrypted.pdf', bytes).catch(() => undefined);
    expect(Buffer.compare(bytes, copy)).toBe(0);
  });
});
