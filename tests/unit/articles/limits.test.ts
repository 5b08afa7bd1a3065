import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticleBytes, importArticleFile } from '../../../src-main/core/articles';
import { deflateSync } from 'node:zlib';
import { decodeText } from '../../../src-main/core/articles/decode-text';
import { inflatedStreamBytes, pdfNestingDepth } from '../../../src-main/core/articles/formats/pdf-streams';
import { measureHtml } from '../../../src-main/core/articles/html-shape';
import { readZipDirectory, zipSizesHonest } from '../../../src-main/core/articles/zip-directory';
import {
  buildDocx,
  buildDocxDeclaring,
  buildDocxWithFiles,
  buildManyPagePdf,
  buildManyPartEmail,
  buildNestedEmail,
  buildPdf,
  pdfWithContent,
} from './build-files';
import { expectImportError, scratchDir } from './helpers';

const bytes = (text: string) => Buffer.from(text, 'utf8');

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.remove());

describe('hostile inputs the importer used to hang on', () => {
  // The comment-skipping pattern once backtracked exponentially on exactly this file.
  it('imports 568 bytes of empty HTML comments followed by a line of text', async () => {
    const text = '<!---->'.repeat(79) + '\nA line of text';
    expect(Buffer.byteLength(text)).toBe(568);
    const path = await scratch.write('comments.txt', text);
    const article = await importArticleFile(path);
    expect(article.format).toBe('txt');
    expect(article.text).toContain('A line of text');
    // The same prefix before a real page still counts as a web page.
    const page = await importArticleBytes('page.txt', bytes('<!---->'.repeat(60) + '<html><body><p>Page text here.</p></body></html>'));
    expect(page.format).toBe('html');
  });

  it.skipIf(process.platform !== 'linux')('counts the bytes it reads, not the size the file system reports', async () => {
    // /proc files report a size of 0 and still have content, like a device or a pipe would.
    const { symlink } = await import('node:fs/promises');
    const path = `${scratch.dir}/status.txt`;
    await symlink('/proc/self/status', path);
    await expectImportError(importArticleFile(path, { maxBytes: 100 }), 'too-large', /"status\.txt" is too large to import \(.*; the limit is 100 bytes\)/);
  });
});

describe('Word limits, read from the zip directory before inflating', () => {
  it('refuses a document that declares more unpacked data than the limit', async () => {
    const docx = await buildDocxDeclaring(0xfffffff0);
    expect(readZipDirectory(docx)?.inflatedBytes).toBeGreaterThan(0xfffffff0);
    await expectImportError(importArticleBytes('bomb.docx', docx), 'too-complex', /^"bomb\.docx" unpacks to 4 GB; Steerling reads at most 256 MB\.$/);
  });

  it('refuses a document with more packed files than the limit and reads one within it', async () => {
    const docx = await buildDocxWithFiles(8);
    // Three parts, eight padding files and the three folders the zip lists.
    expect(readZipDirectory(docx)?.entries).toBe(14);
    await expectImportError(importArticleBytes('padded.docx', docx, { maxZipEntries: 13 }), 'too-complex', /"padded\.docx" has 14 files packed inside it; Steerling reads at most 13\./);
    expect((await importArticleBytes('padded.docx', docx, { maxZipEntries: 14 })).title).toBe('Headline');
  });

  it('refuses a document whose parts unpack to more than the directory declares', async () => {
    const zip = Buffer.from(await buildDocxDeclaring(12));
    const directory = readZipDirectory(zip)!;
    expect(zipSizesHonest(zip, directory)).toBe(false);
    await expectImportError(importArticleBytes('understated.docx', zip), 'corrupt', /^"understated\.docx" is damaged or isn't really a Word \(\.docx\) file/);
    const honest = await buildDocx(['Honest']);
    expect(zipSizesHonest(honest, readZipDirectory(honest)!)).toBe(true);
  });

  it('sums the declared sizes of every part', async () => {
    const docx = await buildDocx(['Headline', 'Body']);
    const declared = readZipDirectory(docx)!.inflatedBytes;
    await expectImportError(importArticleBytes('small.docx', docx, { maxZipInflatedBytes: declared - 1 }), 'too-complex', /unpacks to .*; Steerling reads at most/);
    expect((await importArticleBytes('small.docx', docx, { maxZipInflatedBytes: declared })).text).toContain('Body');
  });
});

describe('PDF page limit', () => {
  it('refuses 12,000 pages, naming both numbers', async () => {
    await expectImportError(
      importArticleBytes('report.pdf', buildManyPagePdf(12_000)),
      'too-complex',
      /^"report\.pdf" has 12,000 pages; Steerling reads at most 2,000\.$/,
    );
  });

  it('refuses a PDF whose compressed content unpacks past the limit, before pdf.js reads it', async () => {
    const pdf = pdfWithContent(deflateSync(Buffer.alloc(80 * 1024 * 1024, 0x20)), '/Filter /FlateDecode');
    expect(pdf.length).toBeLessThan(200 * 1024);
    await expectImportError(importArticleBytes('bomb.pdf', pdf), 'too-complex', /^"bomb\.pdf" unpacks to more than 64 MB of page content; Steerling reads at most 64 MB\.$/);
    const small = pdfWithContent(deflateSync(Buffer.from('BT /F1 12 Tf 72 720 Td (Unpacked text) Tj ET')), '/Filter /FlateDecode');
    expect(inflatedStreamBytes(small, 1000)).toBe(44);
    await expectImportError(importArticleBytes('small.pdf', small, { maxPdfInflatedBytes: 43 }), 'too-complex', /unpacks to more than 43 bytes of page content/);
  });

  it('refuses a PDF whose objects nest deeper than the limit', async () => {
    const pdf = Buffer.from(Buffer.from(buildManyPagePdf(1)).toString('latin1').replace('/Type /Catalog', `/Nest ${'<< /A '.repeat(300)} /Type /Catalog`), 'latin1');
    await expectImportError(importArticleBytes('nested.pdf', pdf), 'too-complex', /^"nested\.pdf" nests its objects 303 levels deep; Steerling reads at most 256 levels\.$/);
    // Brackets inside strings and stream data are text, not structure.
    expect(pdfNestingDepth(Buffer.from('<< /T (a [[[ \\) << ) >>\nstream\n[[[[<<<<\nendstream [ ]'))).toBe(1);
  });

  it('reads a PDF at the limit', async () => {
    const pdf = await buildPdf([[{ text: 'First page' }], [{ text: 'Second page.' }], [{ text: 'Third page.' }]]);
    await expectImportError(importArticleBytes('three.pdf', pdf, { maxPdfPages: 2 }), 'too-complex', /has 3 pages; Steerling reads at most 2\./);
    expect((await importArticleBytes('three.pdf', pdf, { maxPdfPages: 3 })).text).toContain('Third page.');
  });
});

describe('HTML limits, measured before parsing', () => {
  it('measures nesting the way a browser closes elements', () => {
    expect(measureHtml('<html><body><div><p>a<p>b<p>c</div></body></html>')).toEqual({ elements: 6, depth: 4 });
    expect(measureHtml('<ul><li>a<li>b<li>c</ul><table><tr><td>1<td>2<tr><td>3</table>').depth).toBe(3);
    expect(measureHtml('<div><br><img src="x"><span/></div>').depth).toBe(1);
    expect(measureHtml('<script>if (a<b) "<div><div><div>"</script><!-- <div><div> --><p>x</p>')).toEqual({ elements: 2, depth: 1 });
    // End tags with no start nearby are ignored after a bounded look down the open elements.
    expect(measureHtml('<div>'.repeat(50_000) + '</p>'.repeat(50_000))).toEqual({ elements: 50_000, depth: 50_000 });
    expect(measureHtml('<div>'.repeat(300) + '</div>'.repeat(300) + '<p>after</p>').depth).toBe(300);
  });

  it('refuses deep nesting', async () => {
    const html = '<!doctype html><html><body>' + '<div>'.repeat(400) + 'Deep text.' + '</div>'.repeat(400) + '</body></html>';
    await expectImportError(
      importArticleBytes('deep.html', bytes(html)),
      'too-complex',
      /^"deep\.html" nests its HTML elements 402 levels deep; Steerling reads at most 128 levels\.$/,
    );
    const tables = '<html><body>' + '<table><tr><td>'.repeat(100) + 'x' + '</td></tr></table>'.repeat(100) + '</body></html>';
    await expectImportError(importArticleBytes('tables.html', bytes(tables)), 'too-complex', /nests its HTML elements 302 levels deep/);
  });

  it('refuses too many elements and too much text, and reads a page within both', async () => {
    const page = '<html><body><article>' + '<p>A sentence of the article body.</p>'.repeat(50) + '</article></body></html>';
    await expectImportError(importArticleBytes('big.html', bytes(page), { maxHtmlElements: 40 }), 'too-complex', /"big\.html" has 53 HTML elements; Steerling reads at most 40\./);
    await expectImportError(importArticleBytes('big.html', bytes(page), { maxHtmlChars: 1000 }), 'too-complex', /"big\.html" is 1,945 characters of HTML; Steerling reads at most 1,000 characters\./);
    expect((await importArticleBytes('big.html', bytes(page), { maxHtmlElements: 53 })).wordCount).toBe(300);
  });

  it('applies to the HTML part of a mail', async () => {
    const mail = 'From: a@example.com\r\nSubject: Deep\r\nContent-Type: text/html\r\n\r\n' + '<div>'.repeat(300) + 'x' + '</div>'.repeat(300);
    await expectImportError(importArticleBytes('deep.eml', bytes(mail)), 'too-complex', /"deep\.eml" nests its HTML elements 300 levels deep/);
  });
});

describe('Markdown limits', () => {
  it('refuses deeply nested lists and quotes', async () => {
    const list = Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');
    await expectImportError(importArticleBytes('list.md', bytes(list)), 'too-complex', /^"list\.md" nests its lists or quotes 99 levels deep; Steerling reads at most 64 levels\.$/);
    await expectImportError(importArticleBytes('quote.md', bytes('>'.repeat(5000) + ' deep')), 'too-complex', /nests its lists or quotes 5,000 levels deep/);
    const nested = Array.from({ length: 10 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');
    expect((await importArticleBytes('list.md', bytes(nested))).text).toContain('item 9');
  });

  it('refuses a paragraph with thousands of emphasis markers', async () => {
    await expectImportError(importArticleBytes('stars.md', bytes('_a'.repeat(3000))), 'too-complex', /"stars\.md" has 3,000 emphasis markers \(\* or _\) in one paragraph; Steerling reads at most 2,000\./);
    // Counted per paragraph: the same markers spread over paragraphs are fine.
    const spread = Array.from({ length: 30 }, () => '_a_ '.repeat(50)).join('\n\n');
    expect((await importArticleBytes('spread.md', bytes(spread))).wordCount).toBe(1500);
  });
});

describe('e-mail limits', () => {
  it('refuses a mail of too many parts', async () => {
    await expectImportError(importArticleBytes('parts.eml', bytes(buildManyPartEmail(600))), 'too-complex', /^"parts\.eml" has 601 parts; Steerling reads at most 500\.$/);
  });

  it('refuses deeply nested parts and reads nesting within the limit', async () => {
    await expectImportError(
      importArticleBytes('nested.eml', bytes(buildNestedEmail(1000))),
      'too-complex',
      /"nested\.eml" has 1,000 nested groups of parts \(multipart sections\); Steerling reads at most 50\./,
    );
    expect((await importArticleBytes('nested.eml', bytes(buildNestedEmail(5)))).text).toBe('Hello from deep inside.');
  });
});

describe('encoding guess', () => {
  it('guesses from a bounded sample, not the whole file', () => {
    const french = "L'été dernier, la préfecture a annoncé une hausse des taxes à Genève. ".repeat(3);
    const russian = 'Москва — столица России, крупнейший город страны. '.repeat(2000);
    const data = Buffer.concat([iconv.encode(french, 'windows-1252'), iconv.encode(russian, 'windows-1251')]);
    expect(decodeText(data, undefined, data.length)).toContain('Москва');
    expect(decodeText(data, undefined, 500)).toContain("L'été dernier");
  });
});
