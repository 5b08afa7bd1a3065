/**
 * Steering from the command line, spawning `node bin/steerling.js` on a generated model: steered
 * summaries keep every steering setting in history, `steer build` → `steer inspect` round-trips,
 * libraries import and export as JSON, and bad input ends with a clear message and exit 2 (the
 * call itself is wrong) or 1 (the model or a file says no).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readControlVectorFile } from '../../../src-main/core/steering/control-vector-file';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(repoRoot, 'bin', 'steerling.js');
const article = path.join(repoRoot, 'assets', 'samples', 'river-festival.txt');

let modelPath: string;
let dataDir: string;
let work: string;

function steerling(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, STEERLING_DATA_DIR: dataDir, STEERLING_THREADS: '1', STEERLING_GPU: 'false', STEERLING_PAIR_LIBRARY_DIR: '' },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  modelPath = await createTinyModel();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-cli-steer-'));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-cli-steer-files-'));
});

const historyIds = () => (JSON.parse(steerling(['history', 'list', '--json']).stdout) as { items: { id: string }[] }).items.map((i) => i.id);

describe('steerling steering commands', () => {
  it('saves a steered summary with every steering setting, and history show prints them', () => {
    const run = steerling(['summarize', article, '--model', modelPath, '--mode', 'steered', '--pair', 'shakespearean/thou-art', '--method', 'all', '--layer', '2..3', '--coeff', '-2.5', '--max-tokens', '8', '--seed', '5']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().length).toBeGreaterThan(0);
    expect(run.stderr).toContain('Steering: all, pair shakespearean/thou-art, layers 2–3, coefficient -2.5');

    const [id] = historyIds();
    const record = JSON.parse(steerling(['history', 'show', id, '--json']).stdout) as Record<string, unknown>;
    expect(record).toMatchObject({
      mode: 'steered',
      style: 'shakespearean',
      steering: { method: 'all', pairId: 'shakespearean/thou-art', layerStart: 2, layerEnd: 3, coefficient: -2.5 },
      sampling: { seed: 5, maxTokens: 8 },
    });
    const shown = steerling(['history', 'show', id]);
    expect(shown.stdout).toContain('Mode: steered (shakespearean)');
    expect(shown.stdout).toContain('Steering: all, pair shakespearean/thou-art, layers 2–3, coefficient -2.5');
    expect(shown.stdout).toContain('layer L is the input of block L');
  });

  it('defaults to every Shakespearean pair, after the prompt, a middle range of layers and strength 4', () => {
    const run = steerling(['summarize', article, '--model', modelPath, '--mode', 'steered', '--max-tokens', '4']);
    expect(run.code).toBe(0);
    const record = JSON.parse(steerling(['history', 'show', historyIds()[0], '--json']).stdout) as { steering: unknown };
    // The tiny model has 4 blocks: steerable layers 2–4.
    expect(record.steering).toEqual({ method: 'caa', pairId: 'shakespearean', layerStart: 2, layerEnd: 4, coefficient: 4, prompt: 'neutral' });
  });

  it('--prompt styled writes from the style prompt and keeps the choice; ActAdd keeps where its front went', () => {
    const styled = steerling(['summarize', article, '--model', modelPath, '--mode', 'steered', '--prompt', 'styled', '--style', 'noir', '--max-tokens', '4']);
    expect(styled.code).toBe(0);
    expect(styled.stderr).toContain('styled prompt');
    const record = JSON.parse(steerling(['history', 'show', historyIds()[0], '--json']).stdout) as Record<string, unknown>;
    expect(record).toMatchObject({ style: 'noir', steering: { pairId: 'noir', prompt: 'styled' } });
    const front = steerling(['summarize', article, '--model', modelPath, '--mode', 'steered', '--method', 'actadd', '--front', 'article', '--max-tokens', '4']);
    expect(front.code).toBe(0);
    expect(front.stderr).toContain('neutral prompt, front at the article');
    const actadd = JSON.parse(steerling(['history', 'show', historyIds()[0], '--json']).stdout) as Record<string, unknown>;
    expect(actadd).toMatchObject({ steering: { method: 'actadd', prompt: 'neutral', frontAt: 'article' } });
  });

  it('builds a vector, inspects it, and steers a summary with it', () => {
    const out = path.join(work, 'olde.gguf');
    const built = steerling(['steer', 'build', '--model', modelPath, '--style', 'shakespearean', '--method', 'pca', '--layers', '2..3', '--out', out]);
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/^Saved .*olde\.gguf \(\d+ bytes\): pca of 8 pairs from shakespearean, layers 2–3 \(direction\.1–2 in llama\.cpp\)/);
    expect(built.stderr).toContain('Reading pairs: 8 of 8');

    const inspected = steerling(['steer', 'inspect', out, '--model', modelPath, '--json']);
    expect(inspected.code).toBe(0);
    const view = JSON.parse(inspected.stdout) as { layers: number[]; directions: number[]; nEmbd: number; steerling: Record<string, unknown>; fit: { ok: boolean } };
    expect(view).toMatchObject({ layers: [2, 3], directions: [1, 2], nEmbd: 64, fit: { ok: true } });
    expect(view.steerling).toMatchObject({ method: 'pca', pair_reference: 'shakespearean', pair_count: 8 });
    expect(steerling(['steer', 'inspect', out]).stdout).toContain('Made by Steerling:');

    const again = steerling(['steer', 'build', '--model', modelPath, '--layers', '2', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('pass --force to replace it');

    const steered = steerling(['summarize', article, '--model', modelPath, '--mode', 'steered', '--vector', out, '--layer', '3', '--coeff', '2', '--max-tokens', '4']);
    expect(steered.code).toBe(0);
    const record = JSON.parse(steerling(['history', 'show', historyIds()[0], '--json']).stdout) as { steering: unknown; style: string };
    expect(record).toMatchObject({ style: 'olde.gguf', steering: { method: 'caa', vectorPath: out, layerStart: 3, layerEnd: 3, coefficient: 2 } });
  });

  it('exports a library as JSON and imports it, and refuses a malformed file with the reason', () => {
    const out = path.join(work, 'builtin.json');
    expect(steerling(['steer', 'export', 'builtin', '--out', out]).code).toBe(0);
    const library = JSON.parse(fs.readFileSync(out, 'utf8')) as { id: string; styles: { id: string }[] };
    expect(library).toMatchObject({ format: 'steerling-pair-library', version: 1, id: 'builtin' });

    const edited = path.join(work, 'mine.json');
    fs.writeFileSync(edited, JSON.stringify({ ...library, id: 'mine', name: 'Mine', styles: library.styles.slice(0, 1) }));
    const imported = steerling(['steer', 'import', edited]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported "Mine" as mine: 1 styles');
    const list = steerling(['steer', 'list']);
    expect(list.stdout).toContain('Mine (mine)');
    expect(list.stdout).toContain('mine:shakespearean/thou-you  "thou" / "you"');
    expect(steerling(['steer', 'export', 'mine', '--out', path.join(work, 'mine-again.json')]).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(work, 'mine-again.json'), 'utf8'))).toMatchObject({ id: 'mine', name: 'Mine' });

    const broken = path.join(work, 'broken.json');
    fs.writeFileSync(broken, '{ "format": "steerling-pair-library", "styles": [');
    const bad = steerling(['steer', 'import', broken]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/"broken\.json" is not valid JSON/);

    const same = path.join(work, 'same.json');
    fs.writeFileSync(same, JSON.stringify({ format: 'steerling-pair-library', version: 1, id: 'same', name: 'Same', styles: [{ id: 's', name: 'S', pairs: [{ id: 'p', positive: 'thou', negative: 'thou' }] }] }));
    const identical = steerling(['steer', 'import', same]);
    expect(identical.code).toBe(1);
    expect(identical.stderr).toContain('Style 1 (“S”), pair 1, the plain-English side: it says exactly what the side in the style says');
    expect(steerling(['steer', 'list', '--json']).stdout).not.toContain('"id": "same"');
  });

  it.each([
    [['--layer', '1'], 2, /layer 1 cannot be steered; steerable layers start at 2/],
    [['--layer', '0..3'], 2, /layer 0 cannot be steered/],
    [['--layer', 'deep'], 2, /--layer must be a layer like 14 or a range like 13\.\.15/],
    [['--layer', '2..9'], 1, /Layers 2–9 cannot be steered on this model: it has 4 blocks, so steerable layers are 2–4/],
    [['--coeff', 'NaN'], 2, /--coeff must be a number/],
    [['--coeff', '1e9'], 2, /--coeff 1e9 is too large/],
    [['--method', 'sideways'], 2, /--method must be one of actadd, caa, all/],
    [['--pair', 'shakespearean/nope'], 1, /The style "Shakespearean English" has no pair "nope"/],
    [['--pair', 'nobody:poems'], 1, /There is no pair library "nobody"/],
    [['--pair', 'shakespearean', '--vector', 'v.gguf'], 2, /either --pair or --vector/],
    [['--vector', 'BAD'], 1, /is not a usable control-vector file/],
    [['--vector', 'MISSING'], 1, /the file does not exist/],
    [['--prompt', 'fancy'], 2, /--prompt must be neutral or styled/],
    [['--method', 'actadd', '--front', 'middle'], 2, /--front must be one of start, message, article/],
    [['--method', 'caa', '--front', 'start'], 2, /--front only applies with --method actadd/],
  ])('refuses steered %j with exit %i and a clear message', (flags, code, message) => {
    const bad = path.join(work, 'bad.gguf');
    fs.writeFileSync(bad, 'not a gguf');
    const args = flags.map((flag) => (flag === 'BAD' ? bad : flag === 'MISSING' ? path.join(work, 'missing.gguf') : flag));
    const before = historyIds().length;
    const run = steerling(['summarize', article, '--model', modelPath, '--mode', 'steered', '--max-tokens', '4', ...args]);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(historyIds()).toHaveLength(before);
  });

  it('refuses steering flags outside steered mode, and bad build options', () => {
    const plain = steerling(['summarize', article, '--model', modelPath, '--coeff', '3']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('--coeff only applies with --mode steered');
    const method = steerling(['steer', 'build', '--model', modelPath, '--method', 'median', '--out', path.join(work, 'x.gguf')]);
    expect(method.code).toBe(2);
    expect(method.stderr).toContain('--method must be mean or pca');
    const out = steerling(['steer', 'build', '--model', modelPath, '--out', path.join(work, 'x.bin')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--out must name a .gguf file');
    const both = steerling(['steer', 'build', '--model', modelPath, '--pair', 'shakespearean/thou-you', '--style', 'shakespearean', '--out', path.join(work, 'x.gguf')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Give either --pair or --style, not both.');
    const positions = steerling(['steer', 'build', '--model', modelPath, '--positions', 'first', '--out', path.join(work, 'x.gguf')]);
    expect(positions.code).toBe(2);
    expect(positions.stderr).toContain('--positions must be all or last (got "first")');
    expect(fs.existsSync(path.join(work, 'x.gguf'))).toBe(false);
    const deep = steerling(['steer', 'build', '--model', modelPath, '--layers', '3..7', '--out', path.join(work, 'deep.gguf')]);
    expect(deep.code).toBe(1);
    expect(deep.stderr).toMatch(/steerable layers are 2–4/);
    expect(fs.existsSync(path.join(work, 'deep.gguf'))).toBe(false);
  });
});
