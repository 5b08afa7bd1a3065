import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticleBytes, importArticleFile } from '../../../src-main/core/articles';
import { expectImportError, scratchDir, repoPath } from './helpers';

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.remove());

const paragraphs = [
  'ELMFORD — Engineers finished testing the new flood barrier on the River Wend on Thursday, a week ahead of the autumn storms.',
  'The barrier can be raised in under ten minutes and protects nearly four hundred homes that flooded twice in the last decade.',
  '“We watched the water rise against it and not a drop came over,” said resident Marta Silva, who lost her kitchen to the 2019 flood.',
  'The council will hold a public open day at the barrier control room next month so residents can see how it works.',
];

const PAGE = `<!doctype html>
<html><head>
  <meta charset="utf-8">
  <title>Flood Barrier Passes First Test – Elmford Gazette</title>
  <style>.story { color: black } p::after { content: "STYLE-TEXT" }</style>
  <script>var tracker = "SCRIPT-TEXT";</script>
</head><body>
  <nav><a href="/">Home</a> <a href="/news">NAV-LINK News</a></nav>
  <div class="sidebar">Most read: SIDEBAR-TEXT</div>
  <article class="story">
    <h1>Flood Barrier Passes First Test</h1>
    <p>${paragraphs[0]}</p>
    <div class="ad">ADVERT-TEXT Buy cheap sofas now!</div>
    <p>${paragraphs[1]}</p>
    <ins class="adsbygoogle">ADSENSE-TEXT</ins>
    <p>${paragraphs[2]}</p>
    <script>document.write("INLINE-SCRIPT")</script>
    <p>${paragraphs[3]}</p>
  </article>
  <footer>FOOTER-TEXT Copyright</footer>
</body></html>`;

describe('.html', () => {
  it('keeps the article and drops scripts, styles, navigation and adverts', async () => {
    const path = await scratch.write('barrier.html', PAGE);
    const article = await importArticleFile(path);
    expect(article.format).toBe('html');
    expect(article.title).toBe('Flood Barrier Passes First Test');
    expect(article.text).toBe(paragraphs.join('\n\n'));
    for (const junk of ['SCRIPT', 'STYLE', 'NAV-LINK', 'SIDEBAR', 'ADVERT', 'ADSENSE', 'FOOTER']) {
      expect(article.text).not.toContain(junk);
    }
    expect(article.wordCount).toBe(paragraphs.join(' ').split(' ').filter((w) => w !== '—').length);
  });

  it('decodes bytes in the charset the page declares', async () => {
    const html =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">' +
      '<title>Caf\xe9 Closes</title></head><body><p>The caf\xe9 on the \x93old\x94 square closed after forty years \x96 regulars were sad.</p></body></html>';
    const article = await importArticleBytes('cafe.htm', Buffer.from(html, 'latin1'));
    expect(article.title).toBe('Café Closes');
    expect(article.text).toBe('The café on the “old” square closed after forty years – regulars were sad.');
  });

  it('prefers UTF-8 when the bytes are UTF-8 whatever the meta tag says', async () => {
    const html = '<html><head><meta charset="iso-8859-1"><title>Zoë’s Garden</title></head><body><p>Zoë’s garden won.</p></body></html>';
    const article = await importArticleBytes('garden.html', Buffer.from(html, 'utf8'));
    expect(article.title).toBe('Zoë’s Garden');
    expect(article.text).toBe('Zoë’s garden won.');
  });

  it('reads a short page with <br> line breaks and takes the <title>', async () => {
    const html =
      '<html><head><title>Lost Cat Found</title><script>x()</script></head><body><nav>Menu</nav>' +
      '<div>Whiskers was found in a shed.<br><br>She is home now.</div></body></html>';
    const article = await importArticleBytes('cat.html', Buffer.from(html));
    expect(article.title).toBe('Lost Cat Found');
    expect(article.text).toBe('Whiskers was found in a shed.\n\nShe is home now.');
    expect(article.wordCount).toBe(10);
  });

  it('reads the shipped sample page', async () => {
    const article = await importArticleFile(repoPath('assets/samples/market-hall.html'));
    expect(article.title).toBe('Historic Market Hall Reopens After Restoration');
    expect(article.text.startsWith('NORTHGATE — The Victorian market hall on Castle Street reopened')).toBe(true);
    expect(article.text).toContain('Thirty-two stalls are now open');
    expect(article.text).not.toMatch(/Advertisement|Most read|Weather|All rights reserved|analytics/);
  });

  it('says a page with nothing but markup has no text', async () => {
    const html = '<html><head><title></title><script>var a = 1;</script></head><body><img src="x.png"></body></html>';
    await expectImportError(importArticleBytes('blank.html', Buffer.from(html)), 'empty', /"blank\.html" contains no text/);
  });

  it('refuses binary data under an .html name', async () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    await expectImportError(importArticleBytes('page.html', bytes), 'binary', /"page\.html" doesn't contain readable text/);
  });
});
