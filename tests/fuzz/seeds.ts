/** Valid articles in each of the six formats: what the mutations start from. */
import fs from 'node:fs';
import path from 'node:path';
import { buildDocx, buildManyPagePdf, buildPdf } from '../unit/articles/build-files';

export interface Seed {
  name: string;
  bytes: Uint8Array;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');
const read = (relative: string) => fs.readFileSync(path.join(repoRoot, relative));

const MARKDOWN = `---
title: "Council approves the harbour budget"
author: Desk
---

# Council approves the harbour budget

The council voted **seven to two** on Tuesday to fund the _harbour_ repairs, ending a
[long dispute](https://example.com/dispute) over who pays.

- Dredging starts in *March*.
- The ferry keeps running.
  - Night sailings pause for two weeks.

> "We waited long enough," said the harbour master.

| Item | Cost |
| ---- | ---- |
| Dredging | £1.2m |

\`\`\`
code that is not prose
\`\`\`
`;

const EMAIL = [
  'From: Desk <desk@example.com>',
  'To: Readers <readers@example.com>',
  'Subject: =?UTF-8?Q?Caf=C3=A9_owners_welcome_new_market?=',
  'Date: Tue, 3 Mar 2026 09:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: multipart/alternative; boundary="inner"',
  '',
  '--inner',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Caf=C3=A9 owners on the square welcomed the new weekly market on Monday, saying',
  'footfall doubled in its first week.',
  '',
  '--inner',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<html><body><h1>Market</h1><p>Caf&eacute; owners welcomed the <b>new</b> market.</p></body></html>',
  '--inner--',
  '',
  '--outer',
  'Content-Type: application/octet-stream; name="notes.bin"',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment; filename="notes.bin"',
  '',
  Buffer.from('attachment bytes \x00\x01\x02').toString('base64'),
  '--outer--',
  '',
].join('\r\n');

export async function buildSeeds(): Promise<Seed[]> {
  const text = (name: string, data: string) => ({ name, bytes: Buffer.from(data) });
  return [
    { name: 'river-festival.txt', bytes: read('assets/samples/river-festival.txt') },
    { name: 'solar-library.txt', bytes: read('assets/samples/solar-library.txt') },
    { name: 'market-hall.html', bytes: read('assets/samples/market-hall.html') },
    text('harbour.md', MARKDOWN),
    text('market.eml', EMAIL),
    { name: 'report.pdf', bytes: await buildPdf([[{ text: 'Harbour report', size: 18 }, { text: 'The harbour reopened on Monday.', gapBefore: 20 }], [{ text: 'Second page text.' }]], { title: 'Harbour report' }) },
    // Written by hand with uncompressed streams, so byte mutations reach the page tree and content.
    { name: 'plain.pdf', bytes: buildManyPagePdf(3, 'Plain page text') },
    { name: 'letter.docx', bytes: await buildDocx(['Letter to the editor', ['The bridge ', 'closure ', 'hurts trade.'], 'Yours, a reader']) },
    { name: 'encrypted.docx', bytes: read('tests/fixtures/articles/encrypted.docx') },
    { name: 'encrypted.pdf', bytes: read('tests/fixtures/articles/encrypted.pdf') },
  ];
}
