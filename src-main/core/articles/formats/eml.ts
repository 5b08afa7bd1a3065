import { simpleParser } from 'mailparser';
import { importErrors } from '../errors';
import { formatCount } from '../limits';
import { titleFromFirstLine } from '../normalise';
import type { ExtractContext, Extraction } from './extraction';
import { extractFromHtmlString } from './html';

export async function extractEml(bytes: Uint8Array, context: ExtractContext): Promise<Extraction> {
  const { name } = context;
  checkEmailShape(bytes, context);
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    mail = await simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      // Without this an HTML-only mail gets a machine-made text part, which the Readability path beats.
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      skipTextLinks: true,
    });
  } catch (error) {
    throw importErrors.corrupt(name, 'email (.eml)', error);
  }
  const subject = mail.subject?.trim() || undefined;
  if (mail.text?.trim()) return { title: subject ?? titleFromFirstLine(mail.text), text: mail.text };
  if (mail.html) {
    const fromHtml = extractFromHtmlString(mail.html, context);
    return { title: subject ?? fromHtml.title, text: fromHtml.text };
  }
  return { title: subject, text: '' };
}

/**
 * Every part of a mail, however deeply nested, starts with its own Content-Type header, and
 * every level of nesting with a multipart one; counting those lines bounds the parser's work.
 */
function checkEmailShape(bytes: Uint8Array, { name, limits }: ExtractContext): void {
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let parts = 0;
  let multiparts = 0;
  for (const match of source.matchAll(/^content-type:[ \t]*(multipart\/)?/gim)) {
    parts++;
    if (match[1]) multiparts++;
  }
  if (multiparts > limits.maxEmailMultiparts) {
    throw importErrors.tooComplex(
      name,
      `has ${formatCount(multiparts)} nested groups of parts (multipart sections)`,
      formatCount(limits.maxEmailMultiparts),
    );
  }
  if (parts > limits.maxEmailParts) throw importErrors.tooMany(name, parts, 'parts', limits.maxEmailParts);
}
