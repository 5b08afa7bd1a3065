import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesFromArgv, OpenedFiles } from '../../../src-main/backend/opened-files';
import { PathGrants } from '../../../src-main/backend/path-access';

let dir: string;
let article: string;
let other: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-opened-'));
  article = path.join(dir, 'bridge.html');
  other = path.join(dir, 'notes with space.md');
  fs.writeFileSync(article, '<p>Bridge</p>');
  fs.writeFileSync(other, '# Notes');
  fs.mkdirSync(path.join(dir, 'folder'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('filesFromArgv', () => {
  it('keeps existing files in order, resolved against the launching folder, each once', () => {
    const argv = ['/opt/Steerling/steerling', 'bridge.html', other, './bridge.html'];
    expect(filesFromArgv(argv, { cwd: dir })).toEqual([article, other]);
  });

  it('leaves out the executable, switches, folders, missing files and the skipped app path', () => {
    const argv = [
      article, // argv[0] is the executable, whatever it is
      '--no-sandbox',
      '--original-process-start-time=1234',
      '-psn_0_12345',
      '',
      path.join(dir, 'folder'),
      path.join(dir, 'missing.txt'),
      '.',
      other,
    ];
    expect(filesFromArgv(argv, { cwd: dir, skip: [other] })).toEqual([]);
    expect(filesFromArgv(argv, { cwd: dir })).toEqual([other]);
  });

  it('reads file:// URLs as their path and drops those for other hosts', () => {
    const argv = ['steerling', pathToFileURL(other).href, 'file://elsewhere/share/a.txt'];
    expect(filesFromArgv(argv, { cwd: '/' })).toEqual([other]);
  });
});

describe('OpenedFiles', () => {
  it('holds files until the window takes them, then delivers each later one as a handle the importer accepts', () => {
    const paths = new PathGrants();
    const opened = new OpenedFiles(paths);
    const delivered: { handle: string; name: string }[][] = [];
    opened.add([article]);
    opened.add([article, other]); // macOS may repeat a file before the window is up
    opened.connect((files) => delivered.push(files));
    opened.add([]);
    expect(delivered).toEqual([]);

    const taken = opened.take();
    expect(taken.map((file) => file.name)).toEqual(['bridge.html', 'notes with space.md']);
    expect(taken.map((file) => paths.resolve(file.handle, 'read'))).toEqual([article, other]);
    expect(opened.take()).toEqual([]);

    opened.add([other]);
    expect(delivered).toHaveLength(1);
    expect(delivered[0].map((file) => file.name)).toEqual(['notes with space.md']);
    expect(paths.resolve(delivered[0][0].handle, 'read')).toBe(other);
    // A handle for reading is no licence to write there.
    opened.add([article]);
    expect(() => paths.resolve(delivered[1][0].handle, 'write')).toThrow(expect.objectContaining({ code: 'path.not-granted' }));
  });

  it('keeps files while nothing is connected, even after the window asked', () => {
    const opened = new OpenedFiles(new PathGrants());
    expect(opened.take()).toEqual([]);
    opened.add([article]);
    expect(opened.take().map((file) => file.name)).toEqual(['bridge.html']);
  });
});
