/** The parts of a positioned text run (unpdf's StructuredTextItem) that layout needs. */
export interface PositionedText {
  str: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
}

interface Line {
  text: string;
  y: number;
  size: number;
  endX: number;
}

/**
 * PDFs store positioned runs, not paragraphs. Runs on one baseline form a line; a vertical gap
 * clearly wider than normal line spacing, a jump back up the page (next column) or a change of
 * font size (a heading) starts a new paragraph.
 */
export function layoutPage(items: readonly PositionedText[]): string {
  const lines: Line[] = [];
  for (const item of items) {
    if (!item.str) continue;
    const size = item.fontSize || 1;
    const line = lines.at(-1);
    if (line && Math.abs(item.y - line.y) <= 0.5 * Math.max(size, line.size)) {
      const gap = item.x - line.endX;
      const needsSpace = gap > 0.15 * size && !/\s$/.test(line.text) && !/^\s/.test(item.str);
      line.text += (needsSpace ? ' ' : '') + item.str;
      line.endX = item.x + item.width;
      line.size = Math.max(line.size, size);
    } else {
      lines.push({ text: item.str, y: item.y, size, endX: item.x + item.width });
    }
  }

  let text = '';
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    if (previous) {
      const drop = previous.y - line.y;
      const newParagraph =
        drop < 0 || drop > 1.45 * Math.max(previous.size, line.size) || Math.abs(previous.size - line.size) > 1;
      text += newParagraph ? '\n\n' : '\n';
    }
    text += line.text;
  });
  return text;
}

/**
 * A page break only ends a paragraph if the page ended like one; a sentence that runs on to
 * the next page (no closing punctuation, next page starting in lower case) stays joined.
 */
export function joinPages(pages: readonly string[]): string {
  let text = '';
  for (const page of pages.map((p) => p.trim()).filter(Boolean)) {
    if (!text) text = page;
    else if (!/[.!?:;"'”’)\]]$/.test(text) && /^\p{Ll}/u.test(page)) text += `\n${page}`;
    else text += `\n\n${page}`;
  }
  return text;
}
