import { describe, expect, it } from 'vitest';
import { articleFromText, SUPPORTED_EXTENSIONS } from '../../../src-main/core/articles';
import { cleanTitle, countWords, normaliseText } from '../../../src-main/core/articles/normalise';
import { expectImportError } from './helpers';

describe('normaliseText', () => {
  it('collapses whitespace inside paragraphs and keeps one blank line between them', () => {
    const raw = '  First   line\nwraps here.\r\n\r\n\r\n\tSecond\u00a0paragraph  \n \n\n  Third. ';
    expect(normaliseText(raw)).toBe('First line wraps here.\n\nSecond paragraph\n\nThird.');
  });

  it('drops invisible characters that would split words', () => {
    expect(normaliseText('co\u00adoper\u200bation\ufeff and\u0007 bells')).toBe('cooperation and bells');
  });

  it('returns an empty string for whitespace only', () => {
    expect(normaliseText(' \n\n\t \r\n ')).toBe('');
  });
});

describe('countWords', () => {
  it('counts whitespace-separated words, not lone punctuation', () => {
    expect(countWords('The mayor — smiling — said: "It\'s done." 2024 well-known')).toBe(8);
    expect(countWords('')).toBe(0);
  });
});

describe('cleanTitle', () => {
  it('cuts an over-long first line at a word boundary', () => {
    const long = `${'word '.repeat(40)}end`;
    const title = cleanTitle(long);
    expect(title.length).toBeLessThanOrEqual(121);
    expect(title.endsWith('word…')).toBe(true);
  });
});

describe('articleFromText', () => {
  it('takes the title from the first line when none is given', () => {
    const article = articleFromText('\n  Dock Strike Ends  \n\nWorkers returned to the port on Tuesday.\nShips sailed at noon.');
    expect(article).toEqual({
      title: 'Dock Strike Ends',
      text: 'Dock Strike Ends\n\nWorkers returned to the port on Tuesday. Ships sailed at noon.',
      source: 'pasted text',
      wordCount: 14,
      format: 'pasted',
    });
  });

  it('uses the given title', () => {
    const article = articleFromText('Short note about the weather.', '  Weather\n update ');
    expect(article.title).toBe('Weather update');
    expect(article.wordCount).toBe(5);
  });

  it('refuses empty text with a clear error', async () => {
    await expectImportError(() => articleFromText('  \n\n '), 'empty', /pasted text is empty/);
  });
});

it('lists the supported extensions', () => {
  expect([...SUPPORTED_EXTENSIONS]).toEqual(['.txt', '.md', '.markdown', '.html', '.htm', '.pdf', '.docx', '.eml']);
});
