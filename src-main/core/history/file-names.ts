/** File names for exported summaries, made from article titles. */

/** An article title made safe as a file name on every platform, at most 80 characters; '' when nothing is left. */
export function titleForFileName(title: string): string {
  return title
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
}

/**
 * `<title>.<ext>`, or `<title> (2).<ext>`, `<title> (3).<ext>`… when `taken` says the name is in
 * use, so an export never replaces a file. Compared case-insensitively, as macOS and Windows do.
 */
export function uniqueFileName(title: string, extension: string, taken: (name: string) => boolean): string {
  const base = titleForFileName(title).replace(/^\.+/, '') || 'Untitled article';
  for (let n = 1; ; n++) {
    const name = `${n === 1 ? base : `${base} (${n})`}.${extension}`;
    if (!taken(name)) return name;
  }
}
