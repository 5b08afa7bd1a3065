import { describe, expect, it } from 'vitest';
import { TokenTextStream } from '../../../src-main/core/engine/token-text-stream';

/** A byte-level "tokenizer": each token is one byte, decoded as UTF-8 like llama.cpp's pieces are. */
const decodeBytes = (tokens: readonly number[]) => Buffer.from(tokens).toString('utf8');
const bytesOf = (text: string) => [...Buffer.from(text, 'utf8')];

function streamAll(tokens: number[], trimLeadingWhitespace = true) {
  const stream = new TokenTextStream<number>(decodeBytes, { trimLeadingWhitespace });
  const chunks = tokens.map((t) => stream.push(t));
  chunks.push(stream.flush());
  return { chunks: chunks.filter(Boolean), text: stream.text };
}

describe('TokenTextStream', () => {
  it('never splits a multi-byte character across chunks', () => {
    const original = 'Café — naïve 🦆 done';
    const { chunks, text } = streamAll(bytesOf(original));
    expect(text).toBe(original);
    expect(chunks.join('')).toBe(original);
    for (const chunk of chunks) expect(chunk).not.toContain('\uFFFD');
    expect(chunks).toContain('🦆'); // four bytes, one chunk
  });

  it('releases genuinely invalid bytes after four tokens instead of waiting forever', () => {
    const { chunks, text } = streamAll([0xe2, 0x41 + 0x80, 0xff, 0xff, 0x41]);
    expect(text).toContain('\uFFFD');
    expect(chunks.join('')).toBe(text);
    expect(text.endsWith('A')).toBe(true);
  });

  it('flushes an incomplete character at the end', () => {
    const { text } = streamAll([0x61, 0xe2, 0x80]);
    expect(text.startsWith('a')).toBe(true);
    expect(text.length).toBeGreaterThan(1);
  });

  it('drops leading whitespace only when asked', () => {
    expect(streamAll(bytesOf('  \n Hello')).text).toBe('Hello');
    expect(streamAll(bytesOf('  Hello'), false).text).toBe('  Hello');
  });

  it('passes the preceding tokens to the detokenizer for leading-space decisions', () => {
    const seen: number[][] = [];
    const stream = new TokenTextStream<number>((tokens, preceding) => {
      seen.push([...preceding]);
      return decodeBytes(tokens);
    });
    for (const t of bytesOf('abc')) stream.push(t);
    expect(seen).toEqual([[], [0x61], [0x61, 0x62]]);
  });
});
