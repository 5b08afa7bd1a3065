import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderExport, writeExport, writeExportFolder, type HistoryRecord } from '../../../src-main/core/history';
import { uniqueFileName } from '../../../src-main/core/history/file-names';
import { makeRecord, tempFolder } from './fixtures';

const asRecord = (id: string, parts: Parameters<typeof makeRecord>[0]): HistoryRecord => ({
  ...makeRecord(parts),
  id,
  createdAt: '2026-03-04T09:05:07.000Z',
});

const bridge = asRecord('a', { title: 'Bridge reopens: traffic light?', output: 'The bridge reopened.\nTraffic was light.\n\nRepairs took six months.' });
const bridgeAgain = asRecord('b', { title: 'Bridge reopens: traffic light?', output: 'A second take.' });
const market = asRecord('c', { title: '  ', output: 'The market moved.' });

let folder: ReturnType<typeof tempFolder>;
beforeEach(() => (folder = tempFolder('steerling-export-folder-')));
afterEach(() => folder.cleanup());

describe('uniqueFileName', () => {
  it('names from the title, then adds a counter until the name is free, ignoring case', () => {
    const taken = new Set(['bridge.md', 'bridge (2).md']);
    expect(uniqueFileName('Bridge', 'md', (name) => taken.has(name.toLowerCase()))).toBe('Bridge (3).md');
    expect(uniqueFileName('a/b:c', 'txt', () => false)).toBe('a b c.txt');
    expect(uniqueFileName('...', 'txt', () => false)).toBe('Untitled article.txt');
  });
});

describe('writeExportFolder', () => {
  it('writes one file per summary named from its title, with the same bytes as a single export', async () => {
    const dir = path.join(folder.dir, 'summaries');
    const result = await writeExportFolder([bridge, bridgeAgain, market], 'md', dir);
    expect(result.files.map((file) => path.basename(file.path))).toEqual([
      'Bridge reopens traffic light.md',
      'Bridge reopens traffic light (2).md',
      'Untitled article.md',
    ]);
    expect(fs.readFileSync(result.files[0].path, 'utf8')).toBe(renderExport([bridge], 'md'));
    expect(fs.readFileSync(result.files[1].path, 'utf8')).toBe(renderExport([bridgeAgain], 'md'));
    expect(result.files.map((file) => file.id)).toEqual(['a', 'b', 'c']);
    expect(result.files[2].bytes).toBe(fs.statSync(result.files[2].path).size);
  });

  it('never replaces a file already in the folder', async () => {
    const existing = path.join(folder.dir, 'Bridge reopens traffic light.txt');
    fs.writeFileSync(existing, 'the writer’s own notes');
    const result = await writeExportFolder([bridge], 'txt', folder.dir);
    expect(fs.readFileSync(existing, 'utf8')).toBe('the writer’s own notes');
    expect(path.basename(result.files[0].path)).toBe('Bridge reopens traffic light (2).txt');
    expect(fs.readFileSync(result.files[0].path, 'utf8')).toBe(renderExport([bridge], 'txt'));
  });

  it('refuses an empty selection with a coded error and writes nothing', async () => {
    await expect(writeExportFolder([], 'md', path.join(folder.dir, 'none'))).rejects.toMatchObject({ code: 'invalid-request' });
    expect(fs.existsSync(path.join(folder.dir, 'none'))).toBe(false);
  });
});

describe('Word export', () => {
  it('is a valid .docx with a heading per article and each summary’s paragraphs and line breaks', async () => {
    const file = path.join(folder.dir, 'all.docx');
    const written = await writeExport([bridge, market], 'docx', file);
    const bytes = fs.readFileSync(file);
    expect(written.bytes).toBe(bytes.length);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(xml.match(/<w:pStyle w:val="Heading1"\/>/g)).toHaveLength(2);
    // Read back by an independent .docx reader (the one the importer uses).
    const { value: text } = await mammoth.extractRawText({ buffer: bytes });
    expect(text).toContain('Bridge reopens: traffic light?');
    expect(text).toContain('Untitled article');
    // A line break inside the paragraph (mammoth's plain text drops breaks, so read the XML).
    expect(xml).toContain('The bridge reopened.</w:t></w:r><w:r><w:br/><w:t xml:space="preserve">Traffic was light.</w:t>');
    expect(text).toContain('Traffic was light.\n\nRepairs took six months.');
    expect(text).toContain('The market moved.');
    expect(text.indexOf('Bridge reopens')).toBeLessThan(text.indexOf('Untitled article'));
  });

  it('one .docx per summary in a folder export', async () => {
    const result = await writeExportFolder([bridge, market], 'docx', folder.dir);
    expect(result.files.map((file) => path.basename(file.path))).toEqual(['Bridge reopens traffic light.docx', 'Untitled article.docx']);
    const { value: text } = await mammoth.extractRawText({ path: result.files[1].path });
    expect(text).toContain('The market moved.');
    expect(text).not.toContain('Bridge');
  });
});
