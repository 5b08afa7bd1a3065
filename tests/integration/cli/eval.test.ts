/**
 * `steerling eval | compare | comparisons | sweep` on a generated model: tables and files written,
 * results saved, Ctrl-C that stops and says how to resume (and the resume that finishes the job),
 * and bad input refused with exit code 2 and a clear message.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(repoRoot, 'bin', 'steerling.js');
const article = path.join(repoRoot, 'assets', 'samples', 'river-festival.txt');
const TOKENS = ['--max-tokens', '12', '--seed', '7'];

let modelPath: string;
let dataDir: string;
let work: string;

const env = () => ({ ...process.env, STEERLING_DATA_DIR: dataDir, STEERLING_THREADS: '1', STEERLING_GPU: 'false', STEERLING_MODEL: '' });

function steerling(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', env: env(), timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI and sends Ctrl-C once stderr shows `when`. */
function interrupted(args: string[], when: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: env() });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sent && when.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  modelPath = await createTinyModel();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-cli-eval-'));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-cli-eval-out-'));
});

describe('steerling compare', () => {
  it('prints a table of every configuration with the same seed, saves it, and writes --out as Markdown', () => {
    const out = path.join(work, 'comparison.md');
    const run = steerling(['compare', article, '--model', modelPath, ...TOKENS, '--config', 'plain', '--config', 'prompted:shakespearean', '--config', 'steered:shakespearean/thou-you:caa:2:4', '--out', out]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^\s+Configuration\s+Archaic\/100w\s+Contrast\s+ROUGE-L vs plain/);
    expect(lines[1]).toMatch(/^\s+plain\s+0\.0\s+-?\d\.\d{3}\s+–\s/);
    expect(lines[2]).toMatch(/^\s+prompted:shakespearean\s+\d+\.\d\s+-?\d\.\d{3}\s+\d\.\d{3}\s/);
    expect(lines[3]).toMatch(/^\s+steered:shakespearean\/thou-you:caa:2:4\s+\d+\.\d/);
    const id = /Saved in the history as comparison ([0-9a-f-]{36})/.exec(run.stderr)?.[1];
    expect(id).toBeDefined();

    const markdown = fs.readFileSync(out, 'utf8');
    expect(markdown).toContain('# Comparison: Riverside Lantern Festival Draws Record Crowds');
    expect(markdown).toContain('| steered:shakespearean/thou-you:caa:2:4 | steered, caa, shakespearean/thou-you, layer 2, ×4 |');

    const listed = steerling(['comparisons', '--json']);
    expect(listed.code).toBe(0);
    const page = JSON.parse(listed.stdout) as { items: { id: string; configs: string[]; complete: boolean }[] };
    expect(page.items.find((item) => item.id === id)).toMatchObject({ complete: true, configs: ['plain', 'prompted:shakespearean', 'steered:shakespearean/thou-you:caa:2:4'] });
  });

  it('without --config compares plain, prompted and steered with the built-in Shakespearean pair', () => {
    const run = steerling(['compare', article, '--model', modelPath, ...TOKENS, '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { complete: boolean; rows: { config: { label: string; mode: string; steering?: { pairId: string } } }[] };
    expect(result.complete).toBe(true);
    expect(result.rows.map((row) => row.config.label)).toEqual(['plain', 'prompted:shakespearean', 'steered:shakespearean']);
    expect(result.rows[2].config.steering?.pairId).toBe('shakespearean');
  });

  it('Ctrl-C stops after the finished configurations, saves them and prints the command that resumes', async () => {
    const args = ['compare', article, '--model', modelPath, '--max-tokens', '64', '--config', 'plain', '--config', 'prompted:shakespearean', '--config', 'steered:shakespearean:caa:3:2'];
    const stopped = await interrupted(args, /\(2 of 3\)/);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/Stopping…/);
    expect(stopped.stdout).toMatch(/Not run yet: .*steered:shakespearean:caa:3:2/);
    const resume = /Resume with:\n\s+steerling (.+)\n/.exec(stopped.stderr)?.[1];
    expect(resume).toMatch(/--resume [0-9a-f-]{36}$/);

    const again = steerling(resume!.split(' '));
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/Kept plain from the saved comparison/);
    expect(again.stdout).toMatch(/^\s+steered:shakespearean:caa:3:2\s+\d/m);
  });
});

describe('steerling eval', () => {
  it('scores a saved summary with the model, against the plain summary of the same article', () => {
    expect(steerling(['summarize', article, '--model', modelPath, ...TOKENS, '--quiet']).code).toBe(0);
    expect(steerling(['summarize', article, '--model', modelPath, ...TOKENS, '--mode', 'prompted', '--quiet']).code).toBe(0);
    const { items } = JSON.parse(steerling(['history', 'list', '--json']).stdout) as { items: { id: string; mode: string }[] };
    const prompted = items.find((item) => item.mode === 'prompted')!;
    const plain = items.find((item) => item.mode === 'plain')!;

    const json = steerling(['eval', prompted.id, '--model', modelPath, '--json']);
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as { plainRecordId: string; style: string; scores: { perplexity: { perplexity: number }; contrast: { score: number }; content: { vsPlain: unknown } } };
    expect(result.plainRecordId).toBe(plain.id);
    expect(result.style).toBe('shakespearean');
    expect(result.scores.perplexity.perplexity).toBeGreaterThan(1);
    expect(Number.isFinite(result.scores.contrast.score)).toBe(true);
    expect(result.scores.content.vsPlain).not.toBeNull();

    const text = steerling(['eval', prompted.id, '--model', modelPath]);
    expect(text.stdout).toContain(`ROUGE against plain summary ${plain.id}`);
    expect(text.stdout).toMatch(/Perplexity\s+\d+\.\d over \d+ tokens/);
  });

  it('scores a text file against --article without a model: text scores, and says which were skipped', () => {
    const summary = path.join(work, 'summary.txt');
    fs.writeFileSync(summary, 'Verily, thousands of lanterns floated down the river on Saturday, quoth the mayor Helena Brooks.');
    const run = steerling(['eval', summary, '--article', article, '--style', 'shakespearean']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Archaic markers\s+\d+\.\d per 100 words .*verily/);
    expect(run.stdout).toMatch(/Not scored: Model scores: no model is loaded/);
  });
});

describe('steerling sweep', () => {
  it('prints layers × coefficients with style/content per cell and the best cell by the rule, and writes CSV and JSON', () => {
    const csv = path.join(work, 'sweep.csv');
    const json = path.join(work, 'sweep.json');
    const run = steerling(['sweep', article, '--model', modelPath, ...TOKENS, '--pair', 'shakespearean', '--layers', '2..3', '--coeffs', '1,4', '--methods', 'caa', '--csv', csv, '--json', json]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^caa: rows are layers, columns coefficients/m);
    expect(run.stdout).toMatch(/^\s+layer\s+×1\s+×4$/m);
    expect(run.stdout).toMatch(/^\s+2\s+\d+\.\d\/\d\.\d\d\*?\s+\d+\.\d\/\d\.\d\d\*?$/m);
    expect(run.stdout).toMatch(/^\s+3\s+\d+\.\d\/\d\.\d\d\*?\s+\d+\.\d\/\d\.\d\d\*?$/m);
    expect(run.stdout).toMatch(/^Best: .+$/m);
    expect(run.stdout).toMatch(/^Rule: Highest style score among cells/m);
    expect(fs.readFileSync(csv, 'utf8').trimEnd().split('\r\n')).toHaveLength(1 + 2 + 4);
    const result = JSON.parse(fs.readFileSync(json, 'utf8')) as { complete: boolean; cells: { key: string }[] };
    expect(result.complete).toBe(true);
    expect(result.cells.map((c) => c.key)).toEqual(['caa@2-2x1', 'caa@2-2x4', 'caa@3-3x1', 'caa@3-3x4']);
  });

  it('Ctrl-C stops it with the finished cells saved; the printed command resumes without redoing them', async () => {
    const args = ['sweep', article, '--model', modelPath, '--max-tokens', '48', '--layers', '2..3', '--coeffs', '1..4', '--methods', 'caa'];
    const stopped = await interrupted(args, /\(1 of 8\)/);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/Stopped after \d of 8 cells/);
    const resume = /Resume with:\n\s+steerling (.+)\n/.exec(stopped.stderr)?.[1];
    expect(resume).toMatch(/--resume \d{8}-[0-9a-f]{6}$/);

    const again = steerling(resume!.split(' '));
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/caa@2-2x1 kept \(1 of 8\)/);
    expect(again.stderr).toMatch(/plain baseline kept from the saved sweep/);
    expect(again.stdout).not.toMatch(/ – /); // every cell filled in
  });

  it.each([
    [['sweep', 'ARTICLE', '--model', 'MODEL', '--layers', '4..2', '--coeffs', '1'], /--layers has the range 4\.\.2 running backwards/],
    [['sweep', 'ARTICLE', '--model', 'MODEL', '--layers', '2..6:0', '--coeffs', '1'], /--layers has a step of 0/],
    [['sweep', 'ARTICLE', '--model', 'MODEL', '--layers', '1', '--coeffs', '1'], /layer 1 cannot be steered/],
    [['sweep', 'ARTICLE', '--model', 'MODEL', '--layers', '2', '--coeffs', 'strong'], /--coeffs cannot read "strong"/],
    [['sweep', 'ARTICLE', '--model', 'MODEL', '--layers', '2', '--coeffs', '1', '--methods', 'pca'], /"pca" is not one of actadd, caa, all/],
    [['sweep', 'ARTICLE', '--model', 'MODEL', '--layers', '2', '--coeffs', '1', '--pair', 'noir', '--vector', 'v.gguf'], /either --pair or --vector/],
    [['sweep', 'ARTICLE', '--layers', '2', '--coeffs', '1'], /No model given/],
    [['compare', 'ARTICLE', '--model', 'MODEL', '--config', 'loud'], /"loud" is not a kind of summary/],
    [['compare', 'ARTICLE', '--model', 'MODEL', '--config', 'steered:noir:caa:3'], /give the pair alone, or the pair with method, layer and coefficient/],
    [['compare', 'ARTICLE', '--model', 'MODEL', '--config', 'steered:noir:caa:3:x'], /the coefficient "x" is not a number/],
    [['compare', 'ARTICLE', '--model', 'MODEL', '--out', 'table.pdf'], /--out must name a \.md file/],
    [['sweep', 'ARTICLE', '--model', 'MODEL', '--layers', '2', '--coeffs', '1', '--score', 'loud'], /--score must be archaic or contrast \(got "loud"\)/],
    [['sweep', 'ARTICLE', '--model', 'MODEL', '--layers', '2', '--coeffs', '1', '--methods', ' , '], /--methods needs at least one of actadd, caa, all/],
    [['sweep', 'ARTICLE', '--model', 'MODEL', '--layers', '2', '--coeffs', '1', '--methods', 'actadd', '--vector', 'v.gguf'], /--methods actadd needs a steering pair/],
    [['sweep', 'ARTICLE', '--model', 'MODEL', '--layers', '2..400', '--coeffs', '1..6', '--methods', 'caa'], /The grid has 2394 cells; sweep at most 2000/],
    [['sweep', 'ARTICLE', '--model', 'MODEL', '--layers', '2', '--coeffs', '1', '--span', '0'], /--span must be a whole number above 0 \(got "0"\)/],
    [['eval', 'ARTICLE'], /give the article it summarises with --article/],
    [['eval', 'EMPTY', '--article', 'ARTICLE'], /The summary file .*empty\.txt is empty; there is nothing to score/],
    [['eval', 'no-such-id', '--article', 'ARTICLE'], /"no-such-id" is not a file, so it is read as a history id; --article and --plain only apply to files/],
  ])('refuses %j with exit code 2 and a clear message', (args, message) => {
    const empty = path.join(work, 'empty.txt');
    fs.writeFileSync(empty, ' \n');
    const resolved = (args as string[]).map((a) => (a === 'MODEL' ? modelPath : a === 'ARTICLE' ? article : a === 'EMPTY' ? empty : a));
    const run = steerling(resolved);
    expect(run.stderr).toMatch(message as RegExp);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown history id or sweep to resume is an error that says so (exit code 1)', () => {
    const missing = steerling(['eval', 'no-such-id']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no file and no saved summary called "no-such-id"/);
    const resume = steerling(['sweep', article, '--model', modelPath, ...TOKENS, '--layers', '2', '--coeffs', '1', '--resume', '20000101-000000']);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toMatch(/no saved sweep "20000101-000000"/);
  });
});
