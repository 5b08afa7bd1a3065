import { decodeText } from '../decode-text';
import { titleFromFirstLine } from '../normalise';
import type { ExtractContext, Extraction } from './extraction';

export function extractTxt(bytes: Uint8Array, { limits }: ExtractContext): Extraction {
  const text = decodeText(bytes, undefined, limits.encodingSampleBytes);
  return { title: titleFromFirstLine(text), text };
}
