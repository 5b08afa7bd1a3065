/**
 * `steerling summarize` with several articles: a line per article, a closing summary, exit status
 * 1 naming the failures, every summary in the history and, with --out-dir, one file per article.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(repoRoot, 'bin', 'steerling.js');
const samples = path.join(repoRoot, 'assets', 'samples');

let modelPath: string;
let workDir: string;

function steerling(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: workDir,
    encoding: 'utf8',
    env: { ...process.env, STEERLING_DATA_DIR: dataDir, STEERLING_THREADS: '1', STEERLING_GPU: 'false' },
    timeout: 150_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function history(dataDir: string): { id: string; title: string }[] {
  return (JSON.parse(steerling(['history', 'list', '--json'], dataDir).stdout) as { items: { id: string; title: string }[] }).items;
}

beforeAll(async () => {
  modelPath = await createTinyModel();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-cli-batch-'));
  const notes = path.join(workDir, 'notes');
  fs.mkdirSync(notes);
  fs.copyFileSync(path.join(samples, 'river-festival.txt'), path.join(notes, 'a-river.txt'));
  fs.copyFileSync(path.join(samples, 'solar-library.txt'), path.join(notes, 'b-solar.md'));
  fs.writeFileSync(path.join(notes, 'ignored.png'), 'not an article');
  fs.copyFileSync(path.join(samples, 'market-hall.html'), path.join(workDir, 'market.html'));
  fs.copyFileSync(path.join(samples, 'solar-library.txt'), path.join(workDir, 'solar.txt'));
  // Cut short: the end of the PDF is missing.
  fs.writeFileSync(path.join(workDir, 'broken.pdf'), '%PDF-1.7\n1 0 obj << /Type /Catalog >>');
});
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('steerling summarize with several articles', () => {
  it('summarises files and a folder, goes on past a broken file, names it and exits 1; --out-dir gets one file per summary', () => {
    const dataDir = path.join(workDir, 'data-mixed');
    const run = steerling(
      ['summarize', 'market.html', 'broken.pdf', 'notes', 'solar.txt', '--model', modelPath, '--max-tokens', '8', '--out-dir', 'summaries'],
      dataDir,
    );
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n');
    const progress = lines.filter((line) => /^\[\d\/5\]/.test(line));
    expect(progress).toHaveLength(5);
    expect(progress[0]).toMatch(/^\[1\/5\] done +market\.html: "/);
    expect(progress[1]).toMatch(/^\[2\/5\] failed +broken\.pdf: .*incomplete/);
    expect(progress.slice(2).map((line) => line.split(/ +/)[2].replace(/:$/, ''))).toEqual(['a-river.txt', 'b-solar.md', 'solar.txt']);
    expect(run.stderr).toContain('Summarised 4 of 5 articles; 1 failed: broken.pdf.');
    expect(run.stderr).toMatch(/^ {2}broken\.pdf: .*incomplete/m);

    // Every finished summary is in the history, and in the folder as a file named from its title.
    const saved = history(dataDir);
    expect(saved).toHaveLength(4);
    const files = fs.readdirSync(path.join(workDir, 'summaries')).sort();
    expect(files).toHaveLength(4);
    expect(files.every((name) => name.endsWith('.md'))).toBe(true);
    // The same article twice (solar.txt, b-solar.md) gets a suffix rather than one replacing the other.
    expect(files.filter((name) => / \(2\)\.md$/.test(name))).toHaveLength(1);
    const headings = files.map((name) => fs.readFileSync(path.join(workDir, 'summaries', name), 'utf8').split('\n')[0]);
    expect(headings.sort()).toEqual(saved.map(({ title }) => `# ${title}`).sort());
  });

  it('exits 0 with a closing line when every article is summarised, and refuses --out with several files', () => {
    const dataDir = path.join(workDir, 'data-folder');
    const run = steerling(['summarize', 'notes', '--model', modelPath, '--max-tokens', '8'], dataDir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Summarised 2 of 2 articles.');
    expect(history(dataDir)).toHaveLength(2);

    const refused = steerling(['summarize', 'market.html', 'solar.txt', '--model', modelPath, '--out', 'x.md'], dataDir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--out is for one article/);
    fs.mkdirSync(path.join(workDir, 'empty'));
    const empty = steerling(['summarize', 'empty', 'solar.txt', '--model', modelPath], dataDir);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/The folder "empty" holds no articles/);
  });
});
