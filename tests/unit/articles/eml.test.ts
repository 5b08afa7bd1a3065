import { describe, expect, it } from 'vitest';
import { importArticleBytes } from '../../../src-main/core/articles';
import { expectImportError } from './helpers';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

describe('.eml', () => {
  it('uses the subject as title and the text part as body', async () => {
    const mail = crlf([
      'From: Newsdesk <desk@example.org>',
      'To: reader@example.org',
      'Subject: =?UTF-8?Q?Caf=C3=A9_reopens_on_the_quay?=',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'The harbour caf=C3=A9 reopened this morning after the storm repairs.',
      '',
      'Breakfast is served from seven.',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>HTML-PART should not be used</p>',
      '--b1--',
      '',
    ]);
    const article = await importArticleBytes('news.eml', mail);
    expect(article).toEqual({
      title: 'Café reopens on the quay',
      text: 'The harbour café reopened this morning after the storm repairs.\n\nBreakfast is served from seven.',
      source: 'news.eml',
      wordCount: 15,
      format: 'eml',
    });
  });

  it('reads an HTML-only mail through the web page reader', async () => {
    const mail = crlf([
      'From: Bulletin <news@example.org>',
      'Subject: Weekly bulletin',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><style>p{color:red}</style></head><body>',
      '<table><tr><td><p>The new library opens on Saturday with a reading by local authors.</p>',
      '<p>Children can join the summer reading club at the front desk.</p></td></tr></table>',
      '<script>track()</script>',
      '</body></html>',
      '',
    ]);
    const article = await importArticleBytes('bulletin.eml', mail);
    expect(article.title).toBe('Weekly bulletin');
    expect(article.format).toBe('eml');
    expect(article.text).toBe(
      'The new library opens on Saturday with a reading by local authors.\n\nChildren can join the summer reading club at the front desk.',
    );
    expect(article.wordCount).toBe(23);
  });

  it('says a mail without a body contains no text', async () => {
    const mail = crlf(['From: a@example.org', 'Subject: Nothing here', 'Content-Type: text/plain', '', '', '']);
    await expectImportError(importArticleBytes('empty-body.eml', mail), 'empty', /"empty-body\.eml" contains no text/);
  });

  it('refuses binary data under an .eml name', async () => {
    const bytes = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]);
    await expectImportError(importArticleBytes('mail.eml', bytes), 'binary', /"mail\.eml" doesn't contain readable text/);
  });
});
