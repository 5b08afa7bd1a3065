/** Builders for real article files in each binary format, made by the tests themselves. */
import JSZip from 'jszip';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A minimal but valid Word document; each paragraph may be split into several runs. */
export async function buildDocx(paragraphs: (string | string[])[]): Promise<Uint8Array> {
  const body = paragraphs
    .map((paragraph) => {
      const runs = (Array.isArray(paragraph) ? paragraph : [paragraph])
        .map((run) => `<w:r><w:t xml:space="preserve">${escapeXml(run)}</w:t></w:r>`)
        .join('');
      return `<w:p>${runs}</w:p>`;
    })
    .join('');
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', ROOT_RELS);
  zip.file('word/document.xml', document);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

export interface PdfBlock {
  text: string;
  size?: number;
  /** Space above the block in points; paragraphs in the tests are separated by wide gaps. */
  gapBefore?: number;
}

/** Lays out blocks top-down on A4 pages with a real embedded font, one array per page. */
export async function buildPdf(pages: PdfBlock[][], options: { title?: string } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  if (options.title) pdf.setTitle(options.title);
  const font = await pdf.embedFont(StandardFonts.TimesRoman);
  for (const blocks of pages) {
    const page = pdf.addPage([595, 842]);
    let y = 790;
    for (const block of blocks) {
      const size = block.size ?? 11;
      const lineHeight = size * 1.25;
      y -= block.gapBefore ?? 0;
      for (const line of block.text.split('\n')) {
        page.drawText(line, { x: 60, y, size, font, color: rgb(0, 0, 0) });
        y -= lineHeight;
      }
    }
  }
  return pdf.save();
}

/** A page with drawings only, like a scan with no text layer. */
export async function buildImageOnlyPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawRectangle({ x: 50, y: 400, width: 300, height: 200, color: rgb(0.2, 0.4, 0.6) });
  page.drawEllipse({ x: 300, y: 700, xScale: 80, yScale: 40, color: rgb(0.8, 0.1, 0.1) });
  return pdf.save();
}

/**
 * A PDF of `pages` pages written directly, a few dozen bytes a page, so a 10,000-page file is
 * cheap to make. The first page says `text` (default "Page one").
 */
export function buildManyPagePdf(pages: number, text = 'Page one'): Uint8Array {
  const objects: string[] = [];
  const kids: string[] = [];
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  objects[4] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  for (let i = 0; i < pages; i++) {
    const id = 5 + i;
    kids.push(`${id} 0 R`);
    objects[id] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>${i === 0 ? ' /Contents 4 0 R' : ''} >>`;
  }
  objects[2] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`;
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = body.length;
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * A zip whose directory claims `declaredBytes` unpacked for its document part; the data itself
 * is small, so only a reader of the directory notices.
 */
export async function buildDocxDeclaring(declaredBytes: number): Promise<Uint8Array> {
  const zip = Buffer.from(await buildDocx(['A small document']));
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  while (zip.readUInt32LE(at) === 0x02014b50) {
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === 'word/document.xml') zip.writeUInt32LE(declaredBytes, at + 24);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}

/** A Word document padded with `extraFiles` empty files beside its parts. */
export async function buildDocxWithFiles(extraFiles: number): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await buildDocx(['Headline', 'Body']));
  for (let i = 0; i < extraFiles; i++) zip.file(`customXml/item${i}.xml`, '');
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** A mail whose text part sits inside `depth` nested multipart sections. */
export function buildNestedEmail(depth: number, text = 'Hello from deep inside.'): string {
  let body = `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;
  for (let i = 0; i < depth; i++) {
    const boundary = `level${i}`;
    body = `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n${body}--${boundary}--\r\n`;
  }
  return `From: Desk <desk@example.com>\r\nSubject: Nested\r\nMIME-Version: 1.0\r\n${body}`;
}

/** A mail with `parts` text parts side by side. */
export function buildManyPartEmail(parts: number): string {
  let mail = 'From: Desk <desk@example.com>\r\nSubject: Many parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n';
  for (let i = 0; i < parts; i++) mail += `--B\r\nContent-Type: text/plain\r\n\r\nPart ${i}.\r\n`;
  return `${mail}--B--\r\n`;
}

/** A one-page PDF whose only content stream holds `stream` as is, with `filter` in its dictionary. */
export function pdfWithContent(stream: Buffer, filter: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = parts[0].length;
  const push = (chunk: Buffer) => {
    parts.push(chunk);
    length += chunk.length;
  };
  objects.forEach((object, i) => {
    offsets.push(length);
    push(Buffer.from(`${i + 1} 0 obj\n${object}\nendobj\n`));
  });
  offsets.push(length);
  push(Buffer.from(`4 0 obj\n<< /Length ${stream.length} ${filter} >>\nstream\n`));
  push(stream);
  push(Buffer.from('\nendstream\nendobj\n'));
  const xref = length;
  push(Buffer.from(`xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return Buffer.concat(parts);
}
