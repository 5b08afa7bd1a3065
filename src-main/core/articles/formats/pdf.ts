import { extractTextItems, getDocumentProxy, getMeta } from 'unpdf';
import { ArticleImportError } from '../article';
import { formatSize, importErrors } from '../errors';
import { formatCount } from '../limits';
import { hasPdfTrailer } from '../sniff';
import type { ExtractContext, Extraction } from './extraction';
import { joinPages, layoutPage } from './pdf-layout';
import { inflatedStreamBytes, pdfNestingDepth } from './pdf-streams';

export async function extractPdf(bytes: Uint8Array, { name, limits }: ExtractContext): Promise<Extraction> {
  // pdf.js quietly rebuilds a cut-off file from what is left; reading half an article back as
  // if it were whole would lose text without telling anyone.
  if (!hasPdfTrailer(bytes)) throw importErrors.truncated(name);
  const depth = pdfNestingDepth(bytes);
  if (depth > limits.maxPdfNesting) {
    throw importErrors.tooComplex(name, `nests its objects ${formatCount(depth)} levels deep`, `${formatCount(limits.maxPdfNesting)} levels`);
  }
  if (inflatedStreamBytes(bytes, limits.maxPdfInflatedBytes) > limits.maxPdfInflatedBytes) {
    const limit = formatSize(limits.maxPdfInflatedBytes);
    throw importErrors.tooComplex(name, `unpacks to more than ${limit} of page content`, limit);
  }

  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given, so hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    if ((error as Error | undefined)?.name === 'PasswordException') throw importErrors.encrypted(name, error);
    throw importErrors.corrupt(name, 'PDF', error);
  }
  try {
    // The page tree says how many pages there are before any is read.
    if (pdf.numPages > limits.maxPdfPages) throw importErrors.tooMany(name, pdf.numPages, 'pages', limits.maxPdfPages);
    const { items } = await extractTextItems(pdf);
    const info = (await getMeta(pdf).catch(() => undefined))?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' ? info.Title : undefined;
    return { title, text: joinPages(items.map(layoutPage)) };
  } catch (error) {
    if (error instanceof ArticleImportError) throw error;
    throw importErrors.corrupt(name, 'PDF', error);
  } finally {
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
}
