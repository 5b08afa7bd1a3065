/** What a format reader returns: raw text (normalised later) and a title if the format has one. */
export interface Extraction {
  title?: string;
  text: string;
}

import type { ImportLimits } from '../limits';

/** `name` is the file name used in error messages. */
export interface ExtractContext {
  name: string;
  limits: ImportLimits;
}
