import { execFileSync } from 'node:child_process';
import { chmod, mkdir, open, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticleBytes, importArticleFile } from '../../../src-main/core/articles';
import { importErrors } from '../../../src-main/core/articles/errors';
import { expectImportError, scratchDir } from './helpers';

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.remove());

describe('file errors', () => {
  it('refuses an unsupported extension and lists the supported ones', async () => {
    const path = await scratch.write('notes.rtf', '{\\rtf1 hello}');
    await expectImportError(
      importArticleFile(path),
      'unsupported',
      /"notes\.rtf" can't be imported: \.rtf files aren't supported\. Supported types: \.txt, \.md, \.markdown, \.html, \.htm, \.pdf, \.docx, \.eml\./,
    );
    await expectImportError(importArticleBytes('README', Buffer.from('hi')), 'unsupported', /files without an extension/);
  });

  it('accepts extensions in any case', async () => {
    const article = await importArticleBytes('SHOUTY.TXT', Buffer.from('Loud Headline\n\nQuiet body.'));
    expect(article.format).toBe('txt');
    expect(article.title).toBe('Loud Headline');
  });

  it('says a 0-byte file is empty', async () => {
    const path = await scratch.write('nothing.txt', '');
    await expectImportError(importArticleFile(path), 'empty', /^"nothing\.txt" is empty \(0 bytes\)\.$/);
    await expectImportError(importArticleBytes('nothing.pdf', new Uint8Array()), 'empty', /"nothing\.pdf" is empty/);
  });

  it('says a file of whitespace has no text', async () => {
    const path = await scratch.write('blank.txt', ' \n\n\t\r\n  ');
    await expectImportError(importArticleFile(path), 'empty', /"blank\.txt" contains no text/);
  });

  it('refuses binary data under a .txt name', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const path = await scratch.write('picture.txt', png);
    await expectImportError(importArticleFile(path), 'binary', /"picture\.txt" doesn't contain readable text: it holds binary data/);
  });

  it('refuses a file over maxBytes and accepts it under a larger one', async () => {
    const path = await scratch.write('long.txt', 'A headline\n\n' + 'word '.repeat(400));
    await expectImportError(
      importArticleFile(path, { maxBytes: 1024 }),
      'too-large',
      /"long\.txt" is too large to import \(1\.96 KB; the limit is 1 KB\)/,
    );
    const article = await importArticleFile(path, { maxBytes: 4096 });
    expect(article.wordCount).toBe(402);
  });

  it('refuses a file over the default 50 MB limit', async () => {
    // A sparse file: 60 MB on paper, nothing on disk, so the size check must come from stat.
    const path = join(scratch.dir, 'huge.txt');
    const handle = await open(path, 'w');
    await handle.truncate(60 * 1024 * 1024);
    await handle.close();
    await expectImportError(importArticleFile(path), 'too-large', /"huge\.txt" is too large to import \(60 MB; the limit is 50 MB\)/);
  });

  it('refuses bytes over maxBytes', async () => {
    await expectImportError(
      importArticleBytes('big.md', new Uint8Array(2048).fill(0x61), { maxBytes: 2000 }),
      'too-large',
      /"big\.md" is too large to import \(2 KB; the limit is 1\.95 KB\)/,
    );
  });

  it('says a missing file could not be found, naming it', async () => {
    const path = join(scratch.dir, 'gone.pdf');
    const error = await expectImportError(importArticleFile(path), 'unreadable', /"gone\.pdf" could not be found at .*gone\.pdf/);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('says a folder is a folder', async () => {
    const path = join(scratch.dir, 'folder.txt');
    await mkdir(path);
    await expectImportError(importArticleFile(path), 'not-a-file', /"folder\.txt" is a folder, not a file/);
  });

  // A pipe or a device reports a size of 0 and never ends; reading one would hang the import.
  it.skipIf(process.platform === 'win32')('refuses a named pipe with a supported name without waiting for a writer', async () => {
    const path = join(scratch.dir, 'pipe.txt');
    execFileSync('mkfifo', [path]);
    await expectImportError(importArticleFile(path), 'not-a-file', /^"pipe\.txt" is not an ordinary file \(it is a named pipe\), so Steerling won't read it\./);
  });

  it.skipIf(process.platform === 'win32')('refuses a link to /dev/zero with a supported name', async () => {
    const path = join(scratch.dir, 'zeros.pdf');
    await symlink('/dev/zero', path);
    await expectImportError(importArticleFile(path), 'not-a-file', /"zeros\.pdf" is not an ordinary file \(it is a device\)/);
  });

  it('words permission and other read failures for a writer', () => {
    const failure = (code: string) => importErrors.unreadable('private.txt', '/home/ann/private.txt', Object.assign(new Error(code), { code }));
    expect(failure('EACCES').message).toBe('Steerling isn\'t allowed to read "private.txt". Check the file\'s permissions.');
    expect(failure('EPERM').code).toBe('unreadable');
    expect(failure('EIO').message).toBe('"private.txt" could not be read (EIO).');
  });

  // Root reads every file regardless of its mode, so this check only means something for other users.
  it.skipIf(process.getuid?.() === 0)('says a file it may not read is not allowed', async () => {
    const path = await scratch.write('private.txt', 'Secret\n\nText.');
    await chmod(path, 0o000);
    await expectImportError(importArticleFile(path), 'unreadable', /isn't allowed to read "private\.txt"/);
  });

  it('names the file, not the whole path, and never leaks a library message', async () => {
    const path = await scratch.write('mangled.docx', Buffer.from('PK\x03\x04word/document.xml then nonsense', 'latin1'));
    const error = await expectImportError(importArticleFile(path), 'corrupt', /^"mangled\.docx" is damaged/);
    expect(error.message).not.toContain(scratch.dir);
    expect(error.cause).toBeInstanceOf(Error);
  });
});
