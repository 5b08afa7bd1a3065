/**
 * The article files Steerling tells the operating system it opens ("Open with Steerling"): the
 * Linux desktop entry's MimeType, macOS's CFBundleDocumentTypes, and which paths in a launch's
 * arguments are articles. One entry per format the importer reads.
 */
import type { FileFormat } from './extensions';

export interface DocumentType {
  format: FileFormat;
  /** What the file manager calls it. */
  name: string;
  /** Without the dot. */
  extensions: string[];
  mimeTypes: string[];
  /** macOS Uniform Type Identifiers. */
  utis: string[];
}

export const DOCUMENT_TYPES: readonly DocumentType[] = [
  { format: 'txt', name: 'Plain text article', extensions: ['txt'], mimeTypes: ['text/plain'], utis: ['public.plain-text'] },
  {
    format: 'md',
    name: 'Markdown article',
    extensions: ['md', 'markdown'],
    mimeTypes: ['text/markdown', 'text/x-markdown'],
    utis: ['net.daringfireball.markdown'],
  },
  { format: 'html', name: 'Web page', extensions: ['html', 'htm'], mimeTypes: ['text/html'], utis: ['public.html'] },
  { format: 'pdf', name: 'PDF article', extensions: ['pdf'], mimeTypes: ['application/pdf'], utis: ['com.adobe.pdf'] },
  {
    format: 'docx',
    name: 'Word document',
    extensions: ['docx'],
    mimeTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    utis: ['org.openxmlformats.wordprocessingml.document'],
  },
  { format: 'eml', name: 'Email message', extensions: ['eml'], mimeTypes: ['message/rfc822'], utis: ['com.apple.mail.email'] },
];

export const DOCUMENT_MIME_TYPES: readonly string[] = DOCUMENT_TYPES.flatMap((type) => type.mimeTypes);

/** Info.plist CFBundleDocumentTypes: Steerling views these files and is not their main editor. */
export function macDocumentTypes(): Record<string, unknown>[] {
  return DOCUMENT_TYPES.map((type) => ({
    CFBundleTypeName: type.name,
    CFBundleTypeRole: 'Viewer',
    LSHandlerRank: 'Alternate',
    CFBundleTypeExtensions: type.extensions,
    CFBundleTypeMIMETypes: type.mimeTypes,
    LSItemContentTypes: type.utis,
  }));
}
