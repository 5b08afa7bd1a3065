/**
 * Inputs made to hurt a parser: bombs, deep nesting, huge counts, broken encodings, special
 * files and formats under the wrong name. Each one names what it attacks.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { buildManyPagePdf, buildManyPartEmail, buildNestedEmail, pdfWithContent } from '../unit/articles/build-files';
import type { Seed } from './seeds';
import { blankEntry, deflatedEntry, writeZip } from './zip-writer';

export interface FuzzInput {
  id: string;
  /** The file name the importer sees; its extension picks the declared format. */
  name: string;
  /** Writes the input under `dir` and returns its path. */
  create(dir: string): Promise<string>;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A Word zip around any document.xml, written by hand so nothing checks it on the way. */
export function docxWith(documentXml: string, extra: { name: string; data: string }[] = []): Buffer {
  return writeZip([
    deflatedEntry('[Content_Types].xml', CONTENT_TYPES),
    deflatedEntry('_rels/.rels', ROOT_RELS),
    deflatedEntry('word/document.xml', documentXml),
    ...extra.map((file) => deflatedEntry(file.name, file.data)),
  ]);
}

/** A page tree `depth` levels of /Pages deep with one page at the bottom. */
function deepPageTreePdf(depth: number): Buffer {
  const objects: string[] = ['<< /Type /Catalog /Pages 2 0 R >>'];
  for (let level = 0; level < depth; level++) {
    const id = 2 + level;
    const parent = level === 0 ? '' : ` /Parent ${id - 1} 0 R`;
    objects.push(`<< /Type /Pages /Kids [${id + 1} 0 R] /Count 1${parent} >>`);
  }
  objects.push(`<< /Type /Page /Parent ${depth + 1} 0 R /MediaBox [0 0 612 792] >>`);
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const MAIL_HEAD = 'From: a@example.com\r\nSubject: Crafted\r\nMIME-Version: 1.0\r\n';
const nested = (open: string, close: string, depth: number, inner = 'Text inside.') => open.repeat(depth) + inner + close.repeat(depth);
/** UTF-8 bytes of lone surrogates (as CESU-8 would write them), which strict UTF-8 refuses. */
const LONE_SURROGATES = Buffer.from([0xed, 0xa0, 0x80, 0x41, 0xed, 0xbf, 0xbf, 0x42]);

function file(id: string, name: string, make: () => Uint8Array | string | Promise<Uint8Array | string>): FuzzInput {
  return {
    id,
    name,
    async create(dir) {
      const target = path.join(dir, `${id}-${name}`);
      fs.writeFileSync(target, await make());
      return target;
    },
  };
}

function special(id: string, name: string, make: (target: string) => void): FuzzInput {
  return {
    id,
    name,
    async create(dir) {
      const target = path.join(dir, `${id}-${name}`);
      make(target);
      return target;
    },
  };
}

/** Every crafted input; `seeds` supply the right bytes for a wrong name. */
export function craftedInputs(seeds: Seed[]): FuzzInput[] {
  const seed = (name: string) => seeds.find((s) => s.name === name)!.bytes;
  const deepHtml = (depth: number) => `<!doctype html><html><body>${nested('<div>', '</div>', depth)}</body></html>`;
  const inputs: FuzzInput[] = [
    // Word
    file('zip-bomb', 'bomb.docx', async () => writeZip([deflatedEntry('[Content_Types].xml', CONTENT_TYPES), deflatedEntry('_rels/.rels', ROOT_RELS), await blankEntry('word/document.xml', 1024, `<w:document ${W}><w:body><w:p><w:r><w:t>`)])),
    file('zip-bomb-lying', 'lying-bomb.docx', async () => writeZip([deflatedEntry('[Content_Types].xml', CONTENT_TYPES), deflatedEntry('_rels/.rels', ROOT_RELS), { ...(await blankEntry('word/document.xml', 512, `<w:document ${W}><w:body><w:p><w:r><w:t>`)), declaredSize: 4096 }])),
    file('xml-entity-expansion', 'laughs.docx', () => {
      const entities = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
      return docxWith(`<?xml version="1.0"?><!DOCTYPE w:document [${entities}]><w:document ${W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>`);
    }),
    file('xml-external-entity', 'external.docx', () => docxWith(`<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document ${W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>`)),
    file('docx-100k-nested', 'nested.docx', () => docxWith(`<w:document ${W}><w:body>${nested('<w:x>', '</w:x>', 100_000, '<w:p><w:r><w:t>deep</w:t></w:r></w:p>')}</w:body></w:document>`)),
    file('docx-100k-paragraphs', 'long.docx', () => docxWith(`<w:document ${W}><w:body>${'<w:p><w:r><w:t>A paragraph.</w:t></w:r></w:p>'.repeat(100_000)}</w:body></w:document>`)),
    file('docx-20k-entries', 'crowded.docx', () => docxWith(`<w:document ${W}><w:body><w:p><w:r><w:t>Hi</w:t></w:r></w:p></w:body></w:document>`, Array.from({ length: 20_000 }, (_, i) => ({ name: `customXml/i${i}.xml`, data: '' })))),
    // PDF
    file('pdf-10000-pages', 'pages.pdf', () => buildManyPagePdf(10_000)),
    file('pdf-1999-pages', 'almost.pdf', () => buildManyPagePdf(1_999)),
    file('pdf-count-lie', 'count.pdf', () => Buffer.from(Buffer.from(buildManyPagePdf(2)).toString('latin1').replace('/Count 2', '/Count 999999999'), 'latin1')),
    file('pdf-deflate-bomb', 'deflate.pdf', () => pdfWithContent(deflateSync(Buffer.alloc(100 * 1024 * 1024, 0x20)), '/Filter /FlateDecode')),
    file('pdf-text-bomb', 'textbomb.pdf', () => pdfWithContent(deflateSync(Buffer.from('BT /F1 12 Tf 72 720 Td (x) Tj ET\n'.repeat(3_000_000))), '/Filter /FlateDecode')),
    file('pdf-deep-page-tree', 'tree.pdf', () => deepPageTreePdf(5_000)),
    file('pdf-deep-arrays', 'arrays.pdf', () => pdfWithContent(Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), '')),
    // HTML
    file('html-100k-nested', 'deep.html', () => deepHtml(100_000)),
    file('html-3000-nested-divs', 'divs.html', () => deepHtml(3_000)),
    file('html-1000-nested-tables', 'tables.html', () => `<html><body>${nested('<table><tr><td>', '</td></tr></table>', 1_000)}</body></html>`),
    file('html-100k-unclosed', 'unclosed.html', () => `<html><body>${'<div><span><b>'.repeat(33_000)}text</body></html>`),
    file('html-50k-flat', 'flat.html', () => `<html><body><article>${'<p>A sentence of the article.</p>'.repeat(50_000)}</article></body></html>`),
    file('html-45mb-one-line', 'wide.html', () => Buffer.concat([Buffer.from('<html><body><p>'), Buffer.alloc(45 * 1024 * 1024, 0xe9), Buffer.from('</p></body></html>')])),
    file('html-100k-comments', 'comments.html', () => `${'<!---->'.repeat(100_000)}<html><body><p>After comments.</p></body></html>`),
    file('html-deep-attributes', 'attrs.html', () => `<html><body><p ${'a="1" '.repeat(200_000)}>x</p></body></html>`),
    // Markdown
    file('md-deep-list', 'list.md', () => Array.from({ length: 2_000 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n')),
    file('md-deep-quotes', 'quotes.md', () => `${'>'.repeat(50_000)} deep`),
    file('md-emphasis-run', 'stars.md', () => '_a'.repeat(40_000)),
    file('md-brackets', 'brackets.md', () => nested('[', '](x)', 50_000)),
    file('md-100k-nested-html', 'html.md', () => nested('<div>', '</div>', 100_000)),
    file('md-backticks', 'ticks.md', () => '`a'.repeat(100_000)),
    // E-mail
    file('eml-1000-nested-parts', 'nested.eml', () => buildNestedEmail(1_000)),
    file('eml-10000-parts', 'parts.eml', () => buildManyPartEmail(10_000)),
    file('eml-deep-html', 'deep.eml', () => `${MAIL_HEAD}Content-Type: text/html\r\n\r\n${nested('<div>', '</div>', 100_000)}`),
    file('eml-big-attachment', 'attachment.eml', () => `${MAIL_HEAD}Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--B\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.alloc(30 * 1024 * 1024, 1).toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--B--\r\n`),
    file('eml-endless-header', 'header.eml', () => `Subject: ${'x'.repeat(10 * 1024 * 1024)}\r\n\r\nBody`),
    file('eml-encoded-words', 'words.eml', () => `From: a@example.com\r\nSubject: ${'=?UTF-8?B?w6k=?= '.repeat(100_000)}\r\n\r\nBody text.`),
    // Encodings
    file('txt-lone-surrogates', 'surrogates.txt', () => Buffer.concat([Buffer.from('Headline\n\n'), LONE_SURROGATES, Buffer.from(' text')])),
    file('md-lone-surrogates', 'surrogates.md', () => Buffer.concat([Buffer.from('# Title '), LONE_SURROGATES])),
    file('html-lone-surrogates', 'surrogates.html', () => Buffer.concat([Buffer.from('<html><body><p>'), LONE_SURROGATES, Buffer.from('&#xD800; &#55296;</p></body></html>')])),
    file('utf16-lone-surrogates', 'utf16.txt', () => Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00, 0x00, 0xdc, 0x42, 0x00])),
    file('eml-lone-surrogates', 'surrogates.eml', () => Buffer.concat([Buffer.from('From: a@example.com\r\nSubject: =?UTF-8?B?7aCA?=\r\n\r\n'), LONE_SURROGATES])),
    file('txt-45mb-one-line', 'wide.txt', () => Buffer.alloc(45 * 1024 * 1024, 0xe9)),
    file('txt-49mb-lines', 'lines.txt', () => Buffer.alloc(49 * 1024 * 1024, 0x0a)),
    file('txt-only-bom', 'bom.txt', () => Buffer.from([0xef, 0xbb, 0xbf])),
    // Another format under a supported name
    file('pdf-as-txt', 'pdf.txt', () => seed('report.pdf')),
    file('docx-as-html', 'docx.html', () => seed('letter.docx')),
    file('eml-as-pdf', 'mail.pdf', () => seed('market.eml')),
    file('html-as-docx', 'page.docx', () => seed('market-hall.html')),
    file('docx-as-eml', 'word.eml', () => seed('letter.docx')),
    file('pdf-as-md', 'pdf.md', () => seed('report.pdf')),
    file('gzip-as-eml', 'gz.eml', () => Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3, 1, 2, 3])),
    file('png-as-md', 'image.md', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])),
    file('executable-as-txt', 'program.txt', () => fs.readFileSync(process.execPath).subarray(0, 256 * 1024)),
    file('empty-pdf', 'empty.pdf', () => ''),
    file('empty-docx', 'empty.docx', () => ''),
    // Not files at all
    special('folder', 'folder.md', (target) => fs.mkdirSync(target)),
    special('dev-zero', 'zero.docx', (target) => fs.symlinkSync('/dev/zero', target)),
    special('dev-urandom', 'random.txt', (target) => fs.symlinkSync('/dev/urandom', target)),
    special('dangling-link', 'gone.html', (target) => fs.symlinkSync(path.join(path.dirname(target), 'nowhere'), target)),
  ];
  if (process.platform !== 'win32') {
    inputs.push(
      special('fifo', 'pipe.txt', (target) => execFileSync('mkfifo', [target])),
      special('fifo-pdf', 'pipe.pdf', (target) => execFileSync('mkfifo', [target])),
    );
  }
  return inputs;
}
