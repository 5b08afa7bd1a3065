/**
 * How much of a document the importer will read. Real articles sit far below every limit; the
 * limits exist because small hostile files (a zip bomb, thousands of nested elements, a
 * 10,000-page PDF) would otherwise keep a parser busy for minutes or take gigabytes.
 */
export interface ImportLimits {
  /** Bytes of the file itself. */
  maxBytes: number;
  /** Sum of the uncompressed sizes a Word file's zip declares, checked before anything is inflated. */
  maxZipInflatedBytes: number;
  /** Files inside a Word document's zip. */
  maxZipEntries: number;
  maxPdfPages: number;
  /** Levels of nested dictionaries and arrays in a PDF's objects. */
  maxPdfNesting: number;
  /** Bytes a PDF's compressed content, fonts and object streams unpack to (images aside). */
  maxPdfInflatedBytes: number;
  /** Elements of a web page (or of the HTML a mail or Markdown file becomes). */
  maxHtmlElements: number;
  /** How deeply a web page's elements nest. */
  maxHtmlDepth: number;
  /** Characters of a decoded web page. */
  maxHtmlChars: number;
  /** Levels of nested lists and quotes in Markdown. */
  maxMarkdownNesting: number;
  /** Emphasis markers (* and _) in one Markdown paragraph. */
  maxMarkdownMarkersPerParagraph: number;
  /** Parts (attachments, alternatives, bodies) of an e-mail. */
  maxEmailParts: number;
  /** Multipart sections of an e-mail, each a level of nesting at most. */
  maxEmailMultiparts: number;
  /** Bytes the encoding guesser reads; the guess needs a sample, not the whole file. */
  encodingSampleBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  maxBytes: 50 * 1024 * 1024,
  maxZipInflatedBytes: 256 * 1024 * 1024,
  maxZipEntries: 5_000,
  maxPdfPages: 2_000,
  maxPdfNesting: 256,
  maxPdfInflatedBytes: 64 * 1024 * 1024,
  maxHtmlElements: 40_000,
  maxHtmlDepth: 128,
  maxHtmlChars: 20_000_000,
  maxMarkdownNesting: 64,
  maxMarkdownMarkersPerParagraph: 2_000,
  maxEmailParts: 500,
  maxEmailMultiparts: 50,
  encodingSampleBytes: 64 * 1024,
});

export function resolveLimits(overrides: Partial<ImportLimits> = {}): ImportLimits {
  const limits = { ...DEFAULT_IMPORT_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof ImportLimits, number | undefined][]) {
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

/** "12,000": limits and counts are read by writers, so they get thousands separators. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-GB');
}
