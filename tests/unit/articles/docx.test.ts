import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticleBytes, importArticleFile } from '../../../src-main/core/articles';
import { buildDocx } from './build-files';
import { concat, expectImportError, scratchDir, repoPath } from './helpers';

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.remove());

const STORY = [
  'Allotment Waiting List Cut in Half',
  ['The town has opened ', 'forty new allotment plots', ' on the old railway land.'],
  '',
  'Gardeners who waited up to five years will be offered a plot by June.',
];

describe('.docx', () => {
  it('reads the raw text of each paragraph, joining runs', async () => {
    const path = await scratch.write('allotments.docx', await buildDocx(STORY));
    const article = await importArticleFile(path);
    expect(article).toEqual({
      title: 'Allotment Waiting List Cut in Half',
      text:
        'Allotment Waiting List Cut in Half\n\n' +
        'The town has opened forty new allotment plots on the old railway land.\n\n' +
        'Gardeners who waited up to five years will be offered a plot by June.',
      source: path,
      wordCount: 33,
      format: 'docx',
    });
  });

  it('says a password-protected document is password-protected', async () => {
    await expectImportError(
      importArticleFile(repoPath('tests/fixtures/articles/encrypted.docx')),
      'encrypted',
      /"encrypted\.docx" is password-protected/,
    );
  });

  it('says a truncated document is damaged', async () => {
    const whole = await buildDocx(STORY);
    await expectImportError(
      importArticleBytes('cut.docx', whole.subarray(0, Math.floor(whole.length / 2))),
      'corrupt',
      /"cut\.docx" is damaged or isn't really a Word \(\.docx\) file/,
    );
  });

  it('says a zip that is not a Word document is damaged', async () => {
    const JSZip = (await import('jszip')).default;
    const zip = new JSZip();
    zip.file('readme.txt', 'not a document');
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    await expectImportError(importArticleBytes('archive.docx', bytes), 'corrupt', /"archive\.docx" is damaged/);
  });

  it('asks for a re-save when given an old .doc renamed .docx', async () => {
    const ole = concat([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], new Uint8Array(504), Buffer.from('WordDocument', 'utf16le'));
    await expectImportError(importArticleBytes('old.docx', ole), 'unsupported', /"old\.docx" is an old-style Word document \(\.doc\).*save it as \.docx/);
  });

  it('says a document with no text contains no text', async () => {
    await expectImportError(importArticleBytes('blank.docx', await buildDocx(['', '   '])), 'empty', /"blank\.docx" contains no text/);
  });

  it('reads a Word document that was renamed .txt', async () => {
    const docx = await buildDocx(STORY);
    const article = await importArticleBytes('allotments.txt', docx);
    expect(article.format).toBe('docx');
    expect(article.title).toBe('Allotment Waiting List Cut in Half');
  });
});
