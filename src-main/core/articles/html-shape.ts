import { importErrors } from './errors';
import { formatCount, type ImportLimits } from './limits';

const VOID = new Set([
  'area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'image', 'img', 'input',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

/** Their content is text, not markup: a "<div>" inside a script opens nothing. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);

/** Open elements that a new tag of the given name closes without an end tag, as browsers do. */
const CLOSED_BY: Record<string, ReadonlySet<string>> = {
  li: new Set(['li']),
  dt: new Set(['dt', 'dd']),
  dd: new Set(['dt', 'dd']),
  tr: new Set(['tr', 'td', 'th']),
  td: new Set(['td', 'th']),
  th: new Set(['td', 'th']),
  option: new Set(['option']),
  p: new Set(['p']),
};
const CLOSES_P = new Set([
  'address', 'article', 'aside', 'blockquote', 'div', 'dl', 'fieldset', 'figure', 'footer', 'form', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul',
]);

/** How far down the open elements an end tag looks for its start; stray end tags stay cheap. */
const END_TAG_SEARCH = 256;

export interface HtmlShape {
  elements: number;
  depth: number;
}

/**
 * Counts elements and nesting with a single pass over the tags, the way a browser would close
 * them, without building a tree. The parsers that come after (linkedom, Readability) slow down
 * with the square of the nesting or worse, so their input is measured first.
 */
export function measureHtml(html: string): HtmlShape {
  const stack: string[] = [];
  let elements = 0;
  let depth = 0;
  const tag = /<(\/?)([a-zA-Z][^\s/>]*)|<!--/g;
  let match: RegExpExecArray | null;
  while ((match = tag.exec(html))) {
    if (match[0] === '<!--') {
      const end = html.indexOf('-->', tag.lastIndex);
      if (end < 0) break;
      tag.lastIndex = end + 3;
      continue;
    }
    const name = match[2].toLowerCase();
    const close = html.indexOf('>', tag.lastIndex);
    if (close < 0) break;
    tag.lastIndex = close + 1;
    if (match[1]) {
      for (let at = stack.length - 1; at >= Math.max(0, stack.length - END_TAG_SEARCH); at--) {
        if (stack[at] === name) {
          stack.length = at;
          break;
        }
      }
      continue;
    }
    elements++;
    const closes = CLOSED_BY[name];
    while (stack.length > 0 && (closes?.has(stack[stack.length - 1]) || (stack[stack.length - 1] === 'p' && CLOSES_P.has(name)))) {
      stack.pop();
    }
    if (RAW_TEXT.has(name)) {
      const end = new RegExp(`</${name}`, 'gi');
      end.lastIndex = tag.lastIndex;
      tag.lastIndex = end.exec(html)?.index ?? html.length;
      continue;
    }
    if (VOID.has(name) || html[close - 1] === '/') continue;
    stack.push(name);
    if (stack.length > depth) depth = stack.length;
  }
  return { elements, depth };
}

/** Refuses HTML that the parsers could not read in reasonable time, before they see it. */
export function checkHtmlShape(html: string, name: string, limits: ImportLimits): void {
  if (html.length > limits.maxHtmlChars) {
    throw importErrors.tooComplex(
      name,
      `is ${millions(html.length)} characters of HTML`,
      `${millions(limits.maxHtmlChars)} characters`,
    );
  }
  const shape = measureHtml(html);
  if (shape.elements > limits.maxHtmlElements) throw importErrors.tooMany(name, shape.elements, 'HTML elements', limits.maxHtmlElements);
  if (shape.depth > limits.maxHtmlDepth) {
    throw importErrors.tooComplex(
      name,
      `nests its HTML elements ${formatCount(shape.depth)} levels deep`,
      `${formatCount(limits.maxHtmlDepth)} levels`,
    );
  }
}

function millions(count: number): string {
  return count >= 1_000_000 ? `${formatCount(Math.round(count / 100_000) / 10)} million` : formatCount(count);
}
