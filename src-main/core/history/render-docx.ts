/**
 * Word (.docx) exports, for writers who work in Word: each summary under its article's title as a
 * Heading 1, its details as a short list, then its paragraphs with the model's line breaks kept.
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { HistoryRecord } from './record';
import { formatDate, modeLabel, summaryLines, titleOf } from './render-export';

function detail(name: string, value: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: `${name}: `, bold: true }), new TextRun(value)] });
}

/** Blank lines split paragraphs; single line breaks stay breaks inside one. */
function summaryParagraphs(output: string): Paragraph[] {
  const paragraphs: string[][] = [[]];
  for (const line of summaryLines(output)) {
    if (line === '') {
      if (paragraphs.at(-1)!.length > 0) paragraphs.push([]);
    } else {
      paragraphs.at(-1)!.push(line);
    }
  }
  const filled = paragraphs.filter((lines) => lines.length > 0);
  if (filled.length === 0) return [new Paragraph({ children: [new TextRun({ text: '(no summary text)', italics: true })] })];
  return filled.map(
    (lines) => new Paragraph({ children: lines.map((text, i) => new TextRun({ text, break: i === 0 ? 0 : 1 })) }),
  );
}

function recordParagraphs(record: HistoryRecord): Paragraph[] {
  const details = [
    detail('Source', record.article.source || 'unknown'),
    detail('Date', formatDate(record.createdAt)),
    detail('Mode', modeLabel(record)),
    detail('Model', record.modelId),
  ];
  if (record.cancelled) details.push(detail('Note', 'generation was stopped early; this summary is incomplete.'));
  return [new Paragraph({ text: titleOf(record), heading: HeadingLevel.HEADING_1 }), ...details, ...summaryParagraphs(record.output)];
}

/** One .docx with every record in order, each starting on its own heading. */
export async function renderDocx(records: readonly HistoryRecord[]): Promise<Uint8Array> {
  const document = new Document({
    creator: 'Steerling',
    title: records.length === 1 ? titleOf(records[0]) : 'Summaries',
    sections: [{ children: records.flatMap(recordParagraphs) }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
