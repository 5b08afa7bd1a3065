import { simpleParser } from 'mailparser';
import { importErrors } from '../errors';
import { titleFromFirstLine } from '../normalise';
import type { ExtractContext, Extraction } from './extraction';
import { extractFromHtmlString } from './html';

export async function extractEml(bytes: Uint8Array, { name }: ExtractContext): Promise<Extraction> {
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
    const fromHtml = extractFromHtmlString(mail.html);
    return { title: subject ?? fromHtml.title, text: fromHtml.text };
  }
  return { title: subject, text: '' };
}
