/**
 * The import worker as the app, the CLI and the test bridge use it: a real forked process with
 * real limits. Hanging and oversized inputs end in coded errors and leave no process behind.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticleFile } from '../../../src-main/core/articles';
import { ArticleImportError, type ArticleImportErrorCode } from '../../../src-main/core/articles/article';
import { forkImportWorker, WorkerArticleImporter } from '../../../src-main/core/articles/worker/worker-importer';
import { buildManyPagePdf } from '../../unit/articles/build-files';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
let dir: string;
const importers: WorkerArticleImporter[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-import-worker-'));
});
afterAll(async () => {
  await Promise.all(importers.map((importer) => importer.dispose()));
  fs.rmSync(dir, { recursive: true, force: true });
});

function importer(options: ConstructorParameters<typeof WorkerArticleImporter>[0] = {}): WorkerArticleImporter {
  const created = new WorkerArticleImporter(options);
  importers.push(created);
  return created;
}

function write(name: string, data: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
}

async function failure(attempt: Promise<unknown>, code: ArticleImportErrorCode, message: RegExp): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ArticleImportError);
  expect((error as ArticleImportError).code).toBe(code);
  expect((error as ArticleImportError).message).toMatch(message);
}

function running(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Readability takes minutes on a thousand nested tables; the depth limit normally refuses it first. */
const NESTED_TABLES = '<html><body>' + '<table><tr><td>'.repeat(1000) + 'Text.' + '</td></tr></table>'.repeat(1000) + '</body></html>';

describe('import worker', () => {
  it('imports a file and bytes the way the in-process importer does', async () => {
    const worker = importer();
    const file = write('story.md', '# Harbour reopens\n\nThe harbour reopened on Monday after repairs.');
    const article = await worker.importFile(file);
    expect(article).toEqual(await importArticleFile(file));
    expect(article).toMatchObject({ title: 'Harbour reopens', source: file, format: 'md' });
    expect((await worker.importBytes('dropped.txt', Buffer.from('Dropped\n\nA dropped file.'))).title).toBe('Dropped');
  });

  it('stops an import that runs past the time limit, leaves no process, and carries on', async () => {
    const worker = importer({ timeoutMs: 2000, limits: { maxHtmlDepth: 100_000 } });
    await worker.importBytes('warm-up.txt', Buffer.from('Warm\n\nup.'));
    const pid = (worker.currentTransport as { pid?: number } | undefined)?.pid;
    expect(running(pid)).toBe(true);
    await failure(worker.importBytes('tables.html', Buffer.from(NESTED_TABLES)), 'timed-out', /^Reading "tables\.html" took longer than 2 s, so it was stopped\./);
    expect(running(pid)).toBe(false);
    expect(worker.currentTransport).toBeUndefined();
    expect((await worker.importBytes('next.txt', Buffer.from('Next\n\nStill works.'))).text).toContain('Still works.');
  });

  it('stops an import that exceeds the heap limit', async () => {
    const worker = importer({ heapMb: 64 });
    await failure(
      worker.importBytes('huge.txt', Buffer.from('word '.repeat(8_000_000))),
      'out-of-memory',
      /^Reading "huge\.txt" needed more than 64 MB of memory, so it was stopped\./,
    );
    expect(worker.currentTransport).toBeUndefined();
  });

  it('stops an import whose process outgrows the memory limit outside the heap', async () => {
    const worker = importer({ rssMb: 250, heapMb: 4096 });
    await failure(worker.importBytes('huge.txt', Buffer.from('word '.repeat(8_000_000))), 'out-of-memory', /needed more than 250 MB of memory/);
  });

  it('turns a crashed worker into a coded error', async () => {
    const crashing = write('crashing-worker.mjs', 'process.on("message", () => process.exit(3));\n');
    const worker = importer({ launch: (memory) => forkImportWorker(memory, crashing) });
    await failure(worker.importBytes('any.txt', Buffer.from('text')), 'crashed', /^The importer stopped unexpectedly while reading "any\.txt" \(exit code 3\)/);
  });

  it('says so when the worker cannot start', async () => {
    const worker = importer({ launch: (memory) => forkImportWorker(memory, path.join(dir, 'missing-worker.js')) });
    await failure(worker.importBytes('any.txt', Buffer.from('text')), 'crashed', /while reading "any\.txt" \(it could not start: The worker script is missing: .*missing-worker\.js\)/);
  });

  it.skipIf(process.platform === 'win32')('refuses a named pipe at once', async () => {
    const pipe = path.join(dir, 'pipe.eml');
    execFileSync('mkfifo', [pipe]);
    await failure(importer().importFile(pipe), 'not-a-file', /"pipe\.eml" is not an ordinary file \(it is a named pipe\)/);
  });
});

describe('steerling CLI with a hostile article', () => {
  function summarize(file: string) {
    return spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'steerling.js'), 'summarize', file, '--model', path.join(dir, 'none.gguf')], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, STEERLING_DATA_DIR: path.join(dir, 'data') },
      timeout: 60_000,
    });
  }

  it.skipIf(process.platform === 'win32')('says why it cannot read a named pipe and exits non-zero', () => {
    const pipe = path.join(dir, 'cli-pipe.txt');
    execFileSync('mkfifo', [pipe]);
    const run = summarize(pipe);
    expect(run.status).not.toBe(0);
    expect(run.status).not.toBeNull();
    expect(run.stderr).toContain('"cli-pipe.txt" is not an ordinary file (it is a named pipe)');
  });

  it('names the page limit for a 10,000-page PDF and exits non-zero', () => {
    const run = summarize(write('pages.pdf', buildManyPagePdf(10_000)));
    expect(run.status).not.toBe(0);
    expect(run.status).not.toBeNull();
    expect(run.stderr).toContain('"pages.pdf" has 10,000 pages; Steerling reads at most 2,000.');
  });
});
