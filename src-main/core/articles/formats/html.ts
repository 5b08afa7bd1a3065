import { Readability } from '@mozilla/readability';
import { decodeText } from '../decode-text';
import { checkHtmlShape } from '../html-shape';
import { ADVERTS, PAGE_CHROME, firstHeading, htmlElementToText, parseHtmlDocument, removeAll } from '../html-text';
import type { ExtractContext, Extraction } from './extraction';

export function extractHtml(bytes: Uint8Array, context: ExtractContext): Extraction {
  return extractFromHtmlString(decodeText(bytes, () => declaredCharset(bytes), context.limits.encodingSampleBytes), context);
}

/** Shared with mail bodies, which arrive as already-decoded HTML. */
export function extractFromHtmlString(html: string, { name, limits }: ExtractContext): Extraction {
  checkHtmlShape(html, name, limits);
  const document = parseHtmlDocument(html);
  const pageTitle = document.querySelector('title')?.textContent ?? undefined;
  const headline = soleHeadline(document);
  removeAll(document, ADVERTS);
  // Readability rewrites the document it is given, so the fallback below parses afresh.
  const article = new Readability<Element>(document, { serializer: (node) => node as Element }).parse();
  let text = article?.content ? htmlElementToText(article.content) : '';
  let heading: string | undefined;
  if (!text.trim()) {
    // Too little text for Readability to call it an article: use the page minus its chrome.
    const whole = parseHtmlDocument(html);
    removeAll(whole, `${ADVERTS}, ${PAGE_CHROME}`);
    text = whole.body ? htmlElementToText(whole.body) : '';
    heading = whole.body ? firstHeading(whole.body) : undefined;
  }
  const title = article?.title || pageTitle;
  // <title> usually carries the site name too ("Headline – Gazette"); Readability strips some
  // separators but not all, while the page's one <h1> is the headline itself.
  if (headline && (!title || title.toLowerCase().includes(headline.toLowerCase()))) return { title: headline, text };
  return { title: title || heading, text };
}

function soleHeadline(document: Document): string | undefined {
  const headings = document.querySelectorAll('h1');
  const text = headings.length === 1 ? headings[0].textContent?.replace(/\s+/g, ' ').trim() : undefined;
  return text || undefined;
}

/** The <meta charset> or http-equiv declaration, which must sit in the first 1 KB. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return /<meta[^>]*charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head)?.[1];
}
