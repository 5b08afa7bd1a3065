import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeIo, writeFileAtomically, writeFileAtomicallySync, type AtomicWriteIo } from '../../../src-main/core/atomic-write';
import { writeFileAtomically as writeSweepFile } from '../../../src-main/core/eval/sweep/files';

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-atomic-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

const listing = () => fs.readdirSync(folder).sort();
const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

/** nodeIo with one step replaced, recording the temporary names it was asked to open. */
function ioWith(overrides: Partial<AtomicWriteIo>, opened: string[] = []): AtomicWriteIo {
  return {
    ...nodeIo,
    open: async (file, flags, mode) => {
      opened.push(file);
      return nodeIo.open(file, flags, mode);
    },
    ...overrides,
  };
}

describe('writeFileAtomically', () => {
  it('replaces the file with the complete new content and leaves nothing else behind', async () => {
    const target = path.join(folder, 'state.json');
    fs.writeFileSync(target, 'old');
    const bytes = new Uint8Array(1 << 20).map((_, i) => i % 251);
    expect(await writeFileAtomically(target, bytes)).toBe(target);
    expect(fs.readFileSync(target).equals(Buffer.from(bytes))).toBe(true);
    await writeFileAtomically(target, 'ünïcode text');
    expect(fs.readFileSync(target, 'utf8')).toBe('ünïcode text');
    expect(listing()).toEqual(['state.json']);
  });

  it('keeps the old file and removes its temporary file when writing fails (disk full)', async () => {
    const target = path.join(folder, 'library.json');
    fs.writeFileSync(target, 'old content');
    const opened: string[] = [];
    const failing = ioWith(
      {
        open: async (file, flags, mode) => {
          opened.push(file);
          const handle = await nodeIo.open(file, flags, mode);
          return { ...handle, writeFile: async () => Promise.reject(errno('ENOSPC')), sync: () => handle.sync(), close: () => handle.close() };
        },
      },
      opened,
    );
    await expect(writeFileAtomically(target, 'new content', { io: failing })).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(opened).toHaveLength(1);
    expect(path.dirname(opened[0])).toBe(folder);
    expect(fs.readFileSync(target, 'utf8')).toBe('old content');
    expect(listing()).toEqual(['library.json']);
  });

  it('keeps the old file and removes its temporary file when the rename fails', async () => {
    const target = path.join(folder, 'vector.gguf');
    fs.writeFileSync(target, 'old');
    const failing = ioWith({ rename: async () => Promise.reject(errno('EXDEV')) });
    await expect(writeFileAtomically(target, 'new', { io: failing })).rejects.toMatchObject({ code: 'EXDEV' });
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(listing()).toEqual(['vector.gguf']);
  });

  it('removes its temporary file when the target is a folder', async () => {
    fs.mkdirSync(path.join(folder, 'taken'));
    fs.writeFileSync(path.join(folder, 'taken', 'inside'), 'x');
    await expect(writeFileAtomically(path.join(folder, 'taken'), 'data')).rejects.toHaveProperty('code');
    expect(listing()).toEqual(['taken']);
  });

  it('never removes a file it did not create', async () => {
    const target = path.join(folder, 'record.json');
    const clash = ioWith({ open: async () => Promise.reject(errno('EEXIST')), remove: async () => Promise.reject(new Error('must not remove')) });
    await expect(writeFileAtomically(target, 'data', { io: clash })).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('gives concurrent writers temporary files of their own, so each lands whole', async () => {
    const target = path.join(folder, 'checkpoint.json');
    const opened: string[] = [];
    const io = ioWith({}, opened);
    const contents = Array.from({ length: 16 }, (_, i) => String.fromCharCode(65 + i).repeat(200_000 + i));
    await Promise.all(contents.map((text) => writeFileAtomically(target, text, { io })));
    expect(new Set(opened).size).toBe(contents.length);
    expect(contents).toContain(fs.readFileSync(target, 'utf8'));
    expect(listing()).toEqual(['checkpoint.json']);
  });

  it('fails in a missing folder without creating anything', async () => {
    await expect(writeFileAtomically(path.join(folder, 'missing', 'x.json'), 'data')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(listing()).toEqual([]);
  });
});

describe('writeFileAtomicallySync', () => {
  it('writes the whole content with the permissions asked for', () => {
    const target = path.join(folder, 'settings.json');
    fs.writeFileSync(target, 'old');
    writeFileAtomicallySync(target, '{"token":"secret"}', { mode: 0o600 });
    expect(fs.readFileSync(target, 'utf8')).toBe('{"token":"secret"}');
    if (process.platform !== 'win32') expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(listing()).toEqual(['settings.json']);
  });

  it('removes its temporary file when the rename fails', () => {
    fs.mkdirSync(path.join(folder, 'settings.json'));
    fs.writeFileSync(path.join(folder, 'settings.json', 'inside'), 'x');
    expect(() => writeFileAtomicallySync(path.join(folder, 'settings.json'), 'data')).toThrow();
    expect(listing()).toEqual(['settings.json']);
  });
});

describe('a domain wrapping the writer', () => {
  it('turns the file-system error into its own typed error', async () => {
    await expect(writeSweepFile(path.join(folder, 'missing', 'sweep.json'), '{}')).rejects.toMatchObject({
      code: 'write-failed',
      message: expect.stringContaining('does not exist'),
    });
  });
});
