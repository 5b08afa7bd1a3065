import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashText, HistoryError, renderExport, writeExport, type HistoryRecord } from '../../../src-main/core/history';
import { nodeIo, type AtomicWriteIo } from '../../../src-main/core/history/atomic-write';
import { tempFolder } from './fixtures';

const text = 'A storm hit the coast on Tuesday.';
const storm: HistoryRecord = {
  id: '5f0c1f9e-1111-4222-8333-444455556666',
  createdAt: '2025-03-04T09:05:07.123Z',
  article: { title: 'Storm *hits* the [coast] #1', source: 'news/storm_report.txt', textHash: hashText(text), text, wordCount: 7 },
  mode: 'steered',
  style: 'shakespearean',
  sampling: { temperature: 0.7, topP: 0.9, seed: 42, maxTokens: 400, repeatPenalty: 1.1 },
  steering: { method: 'actadd', pairId: 'shakespearean/thou-you', layerStart: 10, layerEnd: 14, coefficient: 4 },
  modelId: 'mistral-7b-instruct-v0.2.Q4_K_M',
  output: '\nHark, the tempest came!\r\nThe sea did rise.\n\n\n\n- Fear not, good folk.  \n',
  stats: { promptTokens: 100, outputTokens: 20, timeToFirstTokenMs: 300, totalMs: 4000, chunks: 1 },
  cancelled: false,
};
const stopped: HistoryRecord = {
  ...storm,
  id: '00000000-0000-4000-8000-000000000000',
  createdAt: '2025-03-05T00:00:59.999Z',
  article: { ...storm.article, title: '  ', source: '' },
  mode: 'plain',
  style: null,
  sampling: { temperature: 0, topP: 1, seed: 0, maxTokens: 1, repeatPenalty: 1 },
  steering: null,
  modelId: 'tiny',
  output: '',
  cancelled: true,
};

const STORM_TXT = [
  'Title:    Storm *hits* the [coast] #1',
  'Source:   news/storm_report.txt',
  'Date:     2025-03-04 09:05 UTC',
  'Mode:     Steered style (shakespearean)',
  'Model:    mistral-7b-instruct-v0.2.Q4_K_M',
  'Settings: temperature 0.7, top-p 0.9, seed 42, max tokens 400, repeat penalty 1.1',
  'Steering: ActAdd (front of prompt), pair shakespearean/thou-you, layers 10–14, coefficient 4',
  '',
  'Hark, the tempest came!',
  'The sea did rise.',
  '',
  '- Fear not, good folk.',
].join('\n');

const STOPPED_TXT = [
  'Title:    Untitled article',
  'Source:   unknown',
  'Date:     2025-03-05 00:00 UTC',
  'Mode:     Plain summary',
  'Model:    tiny',
  'Settings: temperature 0, top-p 1, seed 0, max tokens 1, repeat penalty 1',
  'Note:     generation was stopped early; this summary is incomplete.',
  '',
  '(no summary text)',
].join('\n');

const STORM_MD = [
  '# Storm \\*hits\\* the \\[coast\\] \\#1',
  '',
  '- **Source:** `news/storm_report.txt`',
  '- **Date:** 2025-03-04 09:05 UTC',
  '- **Mode:** Steered style (shakespearean)',
  '- **Model:** `mistral-7b-instruct-v0.2.Q4_K_M`',
  '- **Settings:** temperature 0.7, top-p 0.9, seed 42, max tokens 400, repeat penalty 1.1',
  '- **Steering:** ActAdd (front of prompt), pair `shakespearean/thou-you`, layers 10–14, coefficient 4',
  '',
  'Hark, the tempest came!\\',
  'The sea did rise.',
  '',
  '\\- Fear not, good folk.',
].join('\n');

const STOPPED_MD = [
  '# Untitled article',
  '',
  '- **Source:** unknown',
  '- **Date:** 2025-03-05 00:00 UTC',
  '- **Mode:** Plain summary',
  '- **Model:** `tiny`',
  '- **Settings:** temperature 0, top-p 1, seed 0, max tokens 1, repeat penalty 1',
  '- **Note:** generation was stopped early; this summary is incomplete.',
  '',
  '_(no summary text)_',
].join('\n');

describe('renderExport', () => {
  it('writes one record as plain text, exactly', () => {
    expect(renderExport([storm], 'txt')).toBe(`${STORM_TXT}\n`);
  });

  it('writes one record as Markdown, exactly', () => {
    expect(renderExport([storm], 'md')).toBe(`${STORM_MD}\n`);
  });

  it('separates several records clearly, in the order given', () => {
    expect(renderExport([storm, stopped], 'txt')).toBe(`${STORM_TXT}\n\n${'='.repeat(72)}\n\n${STOPPED_TXT}\n`);
    expect(renderExport([stopped, storm], 'md')).toBe(`${STOPPED_MD}\n\n---\n\n${STORM_MD}\n`);
  });

  it('keeps Markdown from reading the summary as headings, lists, quotes, code or HTML', () => {
    const output = '# Not a heading\n1. Not a list\n2) Nor this\n+ plus\n> not quoted\n    not code\n***\n===\n<b>bold?</b> `tick` a_b & &amp; [link](x) | pipe ~ tilde \\ back';
    const md = renderExport([{ ...storm, output }], 'md');
    const body = md.slice(md.indexOf('coefficient 4\n\n') + 'coefficient 4\n\n'.length);
    expect(body).toBe(
      [
        '\\# Not a heading\\',
        '1\\. Not a list\\',
        '2\\) Nor this\\',
        '\\+ plus\\',
        '\\> not quoted\\',
        'not code\\',
        '\\*\\*\\*\\',
        '\\===\\',
        '\\<b\\>bold?\\</b\\> \\`tick\\` a\\_b & \\&amp; \\[link\\](x) \\| pipe \\~ tilde \\\\ back',
        '',
      ].join('\n'),
    );
  });

  it('names a vector file, a single layer, and fences model ids holding backticks', () => {
    const record: HistoryRecord = {
      ...storm,
      modelId: 'odd`model',
      steering: { method: 'all', vectorPath: 'C:\\vec\\bard.gguf', layerStart: 7, layerEnd: 7, coefficient: -1.5 },
    };
    expect(renderExport([record], 'md')).toContain('- **Model:** ``odd`model``\n');
    expect(renderExport([record], 'md')).toContain('- **Steering:** all positions, vector `C:\\vec\\bard.gguf`, layer 7, coefficient -1.5\n');
    expect(renderExport([record], 'txt')).toContain('Steering: all positions, vector C:\\vec\\bard.gguf, layer 7, coefficient -1.5\n');
  });
});

let folder: ReturnType<typeof tempFolder>;
beforeEach(() => {
  folder = tempFolder('steerling-export-');
});
afterEach(() => folder.cleanup());

async function caught(promise: Promise<unknown>): Promise<HistoryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryError);
    return error as HistoryError;
  }
  throw new Error('expected the export to fail');
}

/** Real file operations, except that writing stops half way with `code`. */
function failingWrite(code: string): AtomicWriteIo {
  return {
    ...nodeIo,
    open: async (path, flags) => {
      const file = await nodeIo.open(path, flags);
      return {
        writeFile: async (data) => {
          await file.writeFile(data.subarray(0, Math.floor(data.length / 2)));
          throw Object.assign(new Error(`${code}: simulated`), { code });
        },
        sync: () => file.sync(),
        close: () => file.close(),
      };
    },
  };
}

describe('writeExport', () => {
  it('writes the rendered bytes and reports the absolute path and size', async () => {
    const target = join(folder.dir, 'Storm — summary.md');
    const result = await writeExport([storm, stopped], 'md', target);
    const expected = Buffer.from(renderExport([storm, stopped], 'md'), 'utf8');
    expect(result).toEqual({ path: target, bytes: expected.length });
    expect(readFileSync(target).equals(expected)).toBe(true);
    expect(readdirSync(folder.dir)).toEqual(['Storm — summary.md']);
  });

  it('replaces an existing file whole', async () => {
    const target = join(folder.dir, 'out.txt');
    writeFileSync(target, 'x'.repeat(100_000));
    await writeExport([stopped], 'txt', target);
    expect(readFileSync(target, 'utf8')).toBe(`${STOPPED_TXT}\n`);
  });

  it('says when the folder is missing, and creates nothing', async () => {
    const target = join(folder.dir, 'gone', 'out.txt');
    const error = await caught(writeExport([storm], 'txt', target));
    expect(error.code).toBe('folder-missing');
    expect(error.message).toContain(join(folder.dir, 'gone'));
    expect(readdirSync(folder.dir)).toEqual([]);
  });

  it('says when the target is a folder, and leaves no temporary file', async () => {
    const target = join(folder.dir, 'taken');
    mkdirSync(target);
    const error = await caught(writeExport([storm], 'txt', target));
    expect(error.code).toBe('write-failed');
    expect(error.message).toContain('is a folder');
    expect(readdirSync(folder.dir)).toEqual(['taken']);
  });

  it('on a full disk, removes the partial file and keeps the old export', async () => {
    const target = join(folder.dir, 'out.md');
    writeFileSync(target, 'previous export');
    const error = await caught(writeExport([storm], 'md', target, failingWrite('ENOSPC')));
    expect(error.code).toBe('disk-full');
    expect(error.message).toMatch(/disk is full.*no partial file/);
    expect(readdirSync(folder.dir)).toEqual(['out.md']);
    expect(readFileSync(target, 'utf8')).toBe('previous export');
  });

  it('when refused permission, says so and leaves nothing behind', async () => {
    const io: AtomicWriteIo = { ...nodeIo, rename: async () => Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' })) };
    const error = await caught(writeExport([storm], 'txt', join(folder.dir, 'out.txt'), io));
    expect(error.code).toBe('permission-denied');
    expect(readdirSync(folder.dir)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('in a read-only folder, says permission is denied', async () => {
    const locked = join(folder.dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      const error = await caught(writeExport([storm], 'txt', join(locked, 'out.txt')));
      expect(error.code).toBe('permission-denied');
      expect(readdirSync(locked)).toEqual([]);
    } finally {
      chmodSync(locked, 0o700);
    }
  });

  it('refuses an empty selection and an unknown format without writing', async () => {
    const target = join(folder.dir, 'out.txt');
    expect((await caught(writeExport([], 'txt', target))).code).toBe('invalid-request');
    expect((await caught(writeExport([storm], 'pdf' as never, target))).code).toBe('invalid-request');
    expect(existsSync(target)).toBe(false);
  });
});
