/**
 * `steerling probe` and `steerling calibrate` on the constructed steering model (a known answer:
 * thou/you steers towards archaic words at layers up to the carry block, not after it for ActAdd),
 * spawning `node bin/steerling.js`, Ctrl-C included.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CARRY_BLOCK, createSemanticSteeringModel } from '../../fixtures/steering/semantic-model';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(repoRoot, 'bin', 'steerling.js');
let modelPath: string;
let dataDir: string;
const env = () => ({ ...process.env, STEERLING_DATA_DIR: dataDir, STEERLING_THREADS: '1', STEERLING_GPU: 'false', STEERLING_PAIR_LIBRARY_DIR: '' });

function steerling(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', env: env(), timeout: 180_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  modelPath = createSemanticSteeringModel();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-cli-tune-'));
});

/** The constructed model's steered output is nothing but archaic words: fluency checks cannot judge it. */
const NO_LIMITS = ['--max-perplexity-ratio', 'off', '--min-distinct', 'off'];

describe('steerling probe', () => {
  it('prints unsteered and steered continuations side by side; the steered ones are archaic', () => {
    const run = steerling(['probe', 'The council met on Tuesday and', '--model', modelPath, '--pair', 'shakespearean/thou-you', '--method', 'actadd', '--layer', '2', '--coeff', '4', '--samples', '2', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { samples: { seed: number; unsteered: { archaicMarkers: number }; steered: { text: string; archaicMarkers: number } }[]; cancelled: boolean };
    expect(result.cancelled).toBe(false);
    expect(result.samples.map((sample) => sample.seed)).toEqual([1, 2]);
    for (const sample of result.samples) expect(sample.steered.archaicMarkers).toBeGreaterThan(sample.unsteered.archaicMarkers + 5);
  });

  it('refuses --prompt (a probe has no prompt around the text) and an ActAdd probe from a vector file', () => {
    const prompt = steerling(['probe', 'x', '--model', modelPath, '--prompt', 'styled']);
    expect(prompt.code).toBe(2);
    expect(prompt.stderr).toContain('--prompt does not apply to a probe');
    const vector = steerling(['probe', 'x', '--model', modelPath, '--method', 'actadd', '--vector', 'v.gguf']);
    expect(vector.code).toBe(2);
    expect(vector.stderr).toMatch(/--method actadd needs a steering pair/);
  });
});

describe('steerling calibrate', () => {
  it('finds the working layer, reports mean ± spread, and saves it as the preset for this model and style', () => {
    const late = CARRY_BLOCK + 2; // ActAdd after the carry block cannot steer (the known answer)
    const run = steerling(['calibrate', '--style', 'shakespearean', '--pair', 'shakespearean/thou-you', '--model', modelPath, '--methods', 'actadd', '--layers', `2,${late}`, '--coeffs', '4', ...NO_LIMITS]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^actadd@2x4\s+100% ± 0% in style/m);
    expect(run.stdout).toMatch(new RegExp(`^actadd@${late}x4 .*excluded: no more continuations in the style than unsteered`, 'm'));
    expect(run.stdout).toContain('Best: actadd at layer 2, ×4:');
    expect(run.stderr).toMatch(/continuations, .* left\)/);
    const presets = JSON.parse(fs.readFileSync(path.join(dataDir, 'presets.json'), 'utf8')) as { pairs: Record<string, { name: string; method: string; layerStart: number; coefficient: number; modelId: string }[]> };
    expect(presets.pairs.shakespearean).toEqual([
      expect.objectContaining({ name: 'Calibrated for semantic-steering-v1', method: 'actadd', layerStart: 2, coefficient: 4, modelId: 'semantic-steering-v1' }),
    ]);
  });

  it('says so and saves nothing when no cell qualifies under the default fluency rule', () => {
    const run = steerling(['calibrate', '--style', 'shakespearean', '--pair', 'shakespearean/thou-you', '--model', modelPath, '--methods', 'caa', '--layers', '2', '--coeffs', '4', '--no-save']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/excluded: perplexity .* is over 3× the unsteered/);
    expect(run.stdout).toContain('Best: No cell steered towards the style while staying fluent');
  });

  it('stops on Ctrl-C after the first cell, exits 130 and saves no preset', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-cli-tune-cancel-'));
    const child = spawn(process.execPath, [bin, 'calibrate', '--model', modelPath, '--methods', 'actadd,caa', ...NO_LIMITS], {
      cwd: repoRoot,
      env: { ...env(), STEERLING_DATA_DIR: folder },
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/continuations, .* left\)/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('Stopping… (nothing is saved)');
    expect(stdout).toMatch(/Best: Stopped after \d+ of 12 cells/);
    expect(fs.existsSync(path.join(folder, 'presets.json'))).toBe(false);
  });

  it('refuses bad options before loading anything', () => {
    for (const [args, message] of [
      [['--layers', '1'], /layer 1 cannot be steered/],
      [['--methods', 'sideways'], /--methods/],
      [['--max-perplexity-ratio', 'lots'], /--max-perplexity-ratio must be a number above 0/],
      [['--max-tokens', '99'], /sampling flags do not apply/],
      [['--prompts', path.join(dataDir, 'missing.txt')], /--prompts .* could not be read/],
    ] as const) {
      const run = steerling(['calibrate', '--model', modelPath, ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});
