import { parseHTML } from 'linkedom';

/** Elements that start a new paragraph when their text is flattened. */
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CAPTION', 'DD', 'DETAILS', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER',
  'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'THEAD',
  'TFOOT', 'TR', 'UL',
]);

/** Never part of what a reader sees. */
const INVISIBLE = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK', 'SVG', 'CANVAS',
  'IFRAME', 'OBJECT', 'EMBED', 'BUTTON', 'SELECT', 'INPUT', 'TEXTAREA',
]);

/** Page furniture dropped when Readability finds no article and the whole body is used. */
export const PAGE_CHROME = 'nav, header, footer, aside, form, [role="navigation"], [role="banner"], [role="contentinfo"], [aria-hidden="true"], [hidden]';

/**
 * Advert slots. Readability keeps a box of text that merely sits inside the article, so they
 * are removed beforehand by the names ad systems give them.
 */
export const ADVERTS =
  '[class~="ad"], [class~="ads"], [class*="advert"], [id*="advert"], [class*="sponsored"], [class*="promo"], ins.adsbygoogle, [data-ad], [data-ad-slot], [aria-label="Advertisement"]';

export function removeAll(root: ParentNode, selector: string): void {
  for (const element of Array.from(root.querySelectorAll(selector))) element.remove();
}

export function parseHtmlDocument(html: string): Document {
  // linkedom needs an <html> root to build a full document; fragments (e.g. mail bodies) lack one.
  const source = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return parseHTML(source).document as unknown as Document;
}

/**
 * Flattens an element to text with a blank line between blocks and a newline per <br>, so
 * normalisation can rebuild the paragraphs the page showed.
 */
export function htmlElementToText(root: Node): string {
  const parts: string[] = [];
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      parts.push(node.textContent ?? '');
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const tag = (node as Element).tagName?.toUpperCase() ?? '';
    if (INVISIBLE.has(tag)) return;
    if (tag === 'BR') {
      parts.push('\n');
      return;
    }
    const block = BLOCKS.has(tag);
    if (block) parts.push('\n\n');
    if (tag === 'TD' || tag === 'TH') parts.push(' ');
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) parts.push('\n\n');
  };
  walk(root);
  return parts.join('');
}

export function firstHeading(root: ParentNode): string | undefined {
  const heading = root.querySelector('h1, h2, h3, h4, h5, h6');
  return heading?.textContent ?? undefined;
}
