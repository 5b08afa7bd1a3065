import { Marked } from 'marked';
import { decodeText } from '../decode-text';
import { firstHeading, htmlElementToText, parseHtmlDocument } from '../html-text';
import { titleFromFirstLine } from '../normalise';
import type { Extraction } from './extraction';

const markdown = new Marked({ gfm: true, async: false });

/** Static-site articles often open with YAML front matter that names the title. */
const FRONT_MATTER = /^---[^\S\n]*\r?\n([\s\S]*?)\r?\n---[^\S\n]*(?:\r?\n|$)/;

/**
 * Rendering to HTML and flattening the DOM strips every piece of syntax (emphasis, links,
 * images, tables, raw HTML) the same way a reader would see it, paragraphs included.
 */
export function extractMarkdown(bytes: Uint8Array): Extraction {
  let source = decodeText(bytes);
  let frontMatterTitle: string | undefined;
  const frontMatter = FRONT_MATTER.exec(source);
  if (frontMatter) {
    frontMatterTitle = /^title:[^\S\n]*(.+)$/m.exec(frontMatter[1])?.[1]?.trim().replace(/^(["'])(.*)\1$/, '$2');
    source = source.slice(frontMatter[0].length);
  }
  const body = parseHtmlDocument(markdown.parse(source) as string).body;
  const text = htmlElementToText(body);
  return { title: frontMatterTitle || firstHeading(body) || titleFromFirstLine(text), text };
}
