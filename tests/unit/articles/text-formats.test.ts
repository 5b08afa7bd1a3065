import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticleBytes, importArticleFile } from '../../../src-main/core/articles';
import { concat, expectImportError, scratchDir, utf16be, repoPath } from './helpers';

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.remove());

const STORY = 'Café Owner Wins Award\n\nThe café on Rue Molière won “best crème brûlée” this year.\nJudges were delighted.';
const STORY_TEXT = 'Café Owner Wins Award\n\nThe café on Rue Molière won “best crème brûlée” this year. Judges were delighted.';

describe('.txt encodings', () => {
  it('reads UTF-8 without a BOM', async () => {
    const path = await scratch.write('cafe.txt', STORY);
    const article = await importArticleFile(path);
    expect(article).toEqual({ title: 'Café Owner Wins Award', text: STORY_TEXT, source: path, wordCount: 18, format: 'txt' });
  });

  it('reads UTF-8 with a BOM and drops the BOM', async () => {
    const article = await importArticleBytes('bom.txt', concat([0xef, 0xbb, 0xbf], Buffer.from(STORY, 'utf8')));
    expect(article.title).toBe('Café Owner Wins Award');
    expect(article.text).toBe(STORY_TEXT);
    expect(article.source).toBe('bom.txt');
  });

  it('reads UTF-16 LE and BE with a BOM', async () => {
    const le = await importArticleBytes('le.txt', concat([0xff, 0xfe], Buffer.from(STORY, 'utf16le')));
    const be = await importArticleBytes('be.txt', concat([0xfe, 0xff], utf16be(STORY)));
    expect(le.text).toBe(STORY_TEXT);
    expect(be.text).toBe(STORY_TEXT);
    expect(be.title).toBe('Café Owner Wins Award');
  });

  it('reads Latin-1 text', async () => {
    const latin1 =
      'Fête de la Musique à Montréal\n\n' +
      'Des milliers de spectateurs ont assisté à la fête sur la place Jacques-Cartier. ' +
      "Les élèves de l'école ont joué des chansons françaises, et le maire a salué leur énergie. " +
      'Le café du coin a servi des crêpes et du thé glacé jusqu’à minuit.'.replace('’', "'");
    const path = await scratch.write('fete.txt', Buffer.from(latin1, 'latin1'));
    const article = await importArticleFile(path);
    expect(article.title).toBe('Fête de la Musique à Montréal');
    expect(article.text).toContain("Les élèves de l'école ont joué des chansons françaises");
    expect(article.text).toContain('des crêpes et du thé glacé');
  });

  it('reads short Western European text that statistics alone would misread', async () => {
    const text = 'Le garçon a mangé à la cantine. Où est-il?';
    const article = await importArticleBytes('court.txt', Buffer.from(text, 'latin1'));
    expect(article.text).toBe(text);
  });

  it('still recognises a clearly non-Western single-byte encoding', async () => {
    const text = 'Мэр города сказал в среду, что новый мост откроется весной.';
    const article = await importArticleBytes('most.txt', iconv.encode(text, 'windows-1251'));
    expect(article.text).toBe(text);
  });

  it('reads Windows-1252 curly quotes and dashes', async () => {
    // 0x93/0x94 are “ ” and 0x96 is – only in Windows-1252; in strict Latin-1 they are controls.
    const bytes = Buffer.from(
      'Ferry Service Resumes\n\nThe ferry \x93Northern Star\x94 sailed again on Monday \x96 the first crossing since the storm. ' +
        'Passengers said the café on board was busier than ever, and the crew handed out free tea.',
      'latin1',
    );
    const article = await importArticleBytes('ferry.txt', bytes);
    expect(article.text).toContain('The ferry “Northern Star” sailed again on Monday – the first crossing');
    expect(article.text).toContain('the café on board');
  });

  it('reads the shipped sample articles', async () => {
    const article = await importArticleFile(repoPath('assets/samples/river-festival.txt'));
    expect(article.title).toBe('Riverside Lantern Festival Draws Record Crowds');
    expect(article.text.split('\n\n')).toHaveLength(6);
    expect(article.text).toContain('Volunteers launched four hundred paper lanterns from the old stone bridge at dusk.');
    expect(article.wordCount).toBe(article.text.split(/\s+/).filter((w) => /\w/.test(w)).length);
    const solar = await importArticleFile(repoPath('assets/samples/solar-library.txt'));
    expect(solar.title).toBe('Village Library Becomes First Solar-Powered Public Building in the Valley');
    expect(solar.text).toContain('The project cost £38,000');
  });
});

describe('.md', () => {
  const MARKDOWN = [
    'Some intro line before the heading.',
    '',
    '# Tram Line **Extension** Approved',
    '',
    'The city council voted *twelve to three* to extend the [tram line](https://example.org/tram)',
    'to the airport, with `construction` starting in spring.',
    '',
    '![A tram](tram.png)',
    '',
    '## What happens next',
    '',
    '- Surveys in March',
    '- Tenders in *June*',
    '',
    '> "It is a good day for the city," said the mayor.',
    '',
    '<script>alert("x")</script>',
    '',
    '---',
    '',
    'Costs &amp; timings may change.',
  ].join('\n');

  it('strips markdown syntax, keeps paragraphs and takes the title from the first heading', async () => {
    const path = await scratch.write('tram.md', MARKDOWN);
    const article = await importArticleFile(path);
    expect(article.format).toBe('md');
    expect(article.title).toBe('Tram Line Extension Approved');
    expect(article.text).toBe(
      [
        'Some intro line before the heading.',
        'Tram Line Extension Approved',
        'The city council voted twelve to three to extend the tram line to the airport, with construction starting in spring.',
        'What happens next',
        'Surveys in March',
        'Tenders in June',
        '"It is a good day for the city," said the mayor.',
        'Costs & timings may change.',
      ].join('\n\n'),
    );
    expect(article.wordCount).toBe(54);
  });

  it('takes the title from front matter and does not show the front matter', async () => {
    const md = '---\ntitle: "Bakery Opens on Mill Lane"\ndate: 2024-05-01\n---\n\nFresh bread every morning.\n';
    const article = await importArticleBytes('bakery.markdown', Buffer.from(md));
    expect(article.title).toBe('Bakery Opens on Mill Lane');
    expect(article.text).toBe('Fresh bread every morning.');
  });

  it('refuses binary data under a .md name', async () => {
    const bytes = concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], Buffer.from('IHDR'));
    await expectImportError(importArticleBytes('photo.md', bytes), 'binary', /"photo\.md" .*binary data/);
  });
});

describe('content sniffing', () => {
  it('reads a web page that was saved with a .txt name as HTML', async () => {
    const html = await readFile(repoPath('assets/samples/market-hall.html'));
    const article = await importArticleBytes('saved-page.txt', html);
    expect(article.format).toBe('html');
    expect(article.title).toBe('Historic Market Hall Reopens After Restoration');
    expect(article.text).not.toContain('window.analytics');
  });

  it('reads plain text that was given a .pdf name as text', async () => {
    const article = await importArticleBytes('notes.pdf', Buffer.from('Notes From the Meeting\n\nThe bridge vote was delayed.'));
    expect(article.format).toBe('txt');
    expect(article.title).toBe('Notes From the Meeting');
  });

  it('reads a plain-text file given an .eml name as text', async () => {
    const article = await importArticleBytes('story.eml', Buffer.from('Snow Closes Schools\n\nAll schools in the district closed today.'));
    expect(article.format).toBe('txt');
    expect(article.text).toBe('Snow Closes Schools\n\nAll schools in the district closed today.');
  });
});
