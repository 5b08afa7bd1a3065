import { Marked } from 'marked';
import { decodeText } from '../decode-text';
import { importErrors } from '../errors';
import { checkHtmlShape } from '../html-shape';
import { firstHeading, htmlElementToText, parseHtmlDocument } from '../html-text';
import { formatCount } from '../limits';
import { titleFromFirstLine } from '../normalise';
import type { ExtractContext, Extraction } from './extraction';

const markdown = new Marked({ gfm: true, async: false });

/** Static-site articles often open with YAML front matter that names the title. */
const FRONT_MATTER = /^---[^\S\n]*\r?\n([\s\S]*?)\r?\n---[^\S\n]*(?:\r?\n|$)/;

/**
 * Rendering to HTML and flattening the DOM strips every piece of syntax (emphasis, links,
 * images, tables, raw HTML) the same way a reader would see it, paragraphs included.
 */
export function extractMarkdown(bytes: Uint8Array, context: ExtractContext): Extraction {
  let source = decodeText(bytes, undefined, context.limits.encodingSampleBytes);
  let frontMatterTitle: string | undefined;
  const frontMatter = FRONT_MATTER.exec(source);
  if (frontMatter) {
    frontMatterTitle = /^title:[^\S\n]*(.+)$/m.exec(frontMatter[1])?.[1]?.trim().replace(/^(["'])(.*)\1$/, '$2');
    source = source.slice(frontMatter[0].length);
  }
  checkMarkdownShape(source, context);
  const html = markdown.parse(source) as string;
  checkHtmlShape(html, context.name, context.limits);
  const body = parseHtmlDocument(html).body;
  const text = htmlElementToText(body);
  return { title: frontMatterTitle || firstHeading(body) || titleFromFirstLine(text), text };
}

/**
 * marked slows down with the square of list nesting and of emphasis markers in one paragraph,
 * so both are measured on the source first. Nesting is read from each line's indentation (two
 * columns a level, as lists indent) and its leading quote markers.
 */
function checkMarkdownShape(source: string, { name, limits }: ExtractContext): void {
  let deepest = 0;
  let markers = 0;
  let mostMarkers = 0;
  for (const line of source.split('\n')) {
    if (!line.trim()) {
      markers = 0;
      continue;
    }
    const indent = /^[ \t]*/.exec(line)![0];
    const columns = [...indent].reduce((sum, char) => sum + (char === '\t' ? 4 : 1), 0);
    const quotes = /^(?:[ \t]*>)*/.exec(line.slice(indent.length))![0].split('>').length - 1;
    deepest = Math.max(deepest, Math.floor(columns / 2) + quotes);
    for (const char of line) if (char === '*' || char === '_') markers++;
    mostMarkers = Math.max(mostMarkers, markers);
  }
  if (deepest > limits.maxMarkdownNesting) {
    throw importErrors.tooComplex(
      name,
      `nests its lists or quotes ${formatCount(deepest)} levels deep`,
      `${formatCount(limits.maxMarkdownNesting)} levels`,
    );
  }
  if (mostMarkers > limits.maxMarkdownMarkersPerParagraph) {
    throw importErrors.tooComplex(
      name,
      `has ${formatCount(mostMarkers)} emphasis markers (* or _) in one paragraph`,
      formatCount(limits.maxMarkdownMarkersPerParagraph),
    );
  }
}
