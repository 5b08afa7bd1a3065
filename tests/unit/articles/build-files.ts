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
