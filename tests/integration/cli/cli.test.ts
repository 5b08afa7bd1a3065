import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(repoRoot, 'bin', 'steerling.js');
const article = path.join(repoRoot, 'assets', 'samples', 'river-festival.txt');

let modelPath: string;
let dataDir: string;

function steerling(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, STEERLING_DATA_DIR: dataDir, STEERLING_THREADS: '1', STEERLING_GPU: 'false', ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  modelPath = await createTinyModel();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-cli-'));
});

describe('steerling CLI', () => {
  it('summarises a file to stdout, saves it in history and writes --out', () => {
    const out = path.join(dataDir, 'summary.md');
    const run = steerling(['summarize', article, '--model', modelPath, '--max-tokens', '24', '--seed', '7', '--out', out]);
    expect(run.stderr).not.toMatch(/ExperimentalWarning/);
    expect(run.code).toBe(0);
    const streamed = run.stdout.trim();
    expect(streamed.length).toBeGreaterThan(0);

    const listed = steerling(['history', 'list', '--json']);
    expect(listed.code).toBe(0);
    const { items, total } = JSON.parse(listed.stdout) as { items: { id: string; title: string; mode: string }[]; total: number };
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({ title: 'Riverside Lantern Festival Draws Record Crowds', mode: 'plain' });

    const shown = steerling(['history', 'show', items[0].id, '--json']);
    const record = JSON.parse(shown.stdout) as { output: string; sampling: { seed: number; maxTokens: number }; article: { source: string } };
    expect(record.output.trim()).toBe(streamed);
    expect(record.sampling).toMatchObject({ seed: 7, maxTokens: 24 });
    expect(record.article.source).toBe(article);

    const written = fs.readFileSync(out, 'utf8');
    expect(written).toContain('# Riverside Lantern Festival Draws Record Crowds');
    expect(written).toContain(record.output.trim());
  });

  it('gives the same summary for the same seed, in prompted mode too', () => {
    const args = ['summarize', article, '--model', modelPath, '--mode', 'prompted', '--style', 'shakespearean', '--max-tokens', '16', '--seed', '11', '--temperature', '1'];
    const first = steerling(args);
    const second = steerling(args);
    expect(first.code).toBe(0);
    expect(first.stdout.trim().length).toBeGreaterThan(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('exports saved summaries by id', () => {
    const { items } = JSON.parse(steerling(['history', 'list', '--json']).stdout) as { items: { id: string }[] };
    const out = path.join(dataDir, 'all.txt');
    const run = steerling(['history', 'export', ...items.map((i) => i.id), '--out', out]);
    expect(run.code).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text.match(/Riverside Lantern Festival Draws Record Crowds/g)?.length).toBe(items.length);
  });

  it.each([
    [['summarize', 'missing.txt', '--model', 'MODEL'], 1, /could not be found/],
    [['summarize', 'ARTICLE', '--model', 'MODEL', '--temperature', 'hot'], 2, /--temperature must be a number from 0 to 5/],
    [['summarize', 'ARTICLE', '--model', 'MODEL', '--mode', 'loud'], 2, /--mode must be one of/],
    [['summarize', 'ARTICLE'], 2, /No model given/],
    [['summarize', 'ARTICLE', '--model', 'ARTICLE'], 1, /model|GGUF/i],
    [['summarize', 'ARTICLE', '--model', 'MODEL', '--out', 'summary.pdf'], 2, /--out must name a \.txt or \.md file/],
    [['summarize', 'ARTICLE', '--model', 'MODEL', '--context-size', '0'], 2, /--context-size must be a whole number above 0 \(got "0"\)/],
    [['summarize', 'ARTICLE', '--model', 'MODEL', '--mode', 'steered', '--method', 'actadd', '--vector', 'v.gguf'], 2, /--method actadd needs a steering pair/],
    [['history', 'export', 'some-id', '--out', 'all.txt', '--format', 'pdf'], 2, /--format must be txt or md \(got "pdf"\)/],
    [['history', 'show', 'no-such-id'], 1, /no longer in the history/],
  ])('rejects bad input %j with a clear message', (args, code, message) => {
    const resolved = (args as string[]).map((a) => (a === 'MODEL' ? modelPath : a === 'ARTICLE' ? article : a));
    const run = steerling(resolved, { STEERLING_MODEL: '' });
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message as RegExp);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack traces
  });
});
