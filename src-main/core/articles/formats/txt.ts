import { decodeText } from '../decode-text';
import { titleFromFirstLine } from '../normalise';
import type { Extraction } from './extraction';

export function extractTxt(bytes: Uint8Array): Extraction {
  const text = decodeText(bytes);
  return { title: titleFromFirstLine(text), text };
}
