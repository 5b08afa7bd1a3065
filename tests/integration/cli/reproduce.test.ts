/**
 * `steerling reproduce-original` on a generated model: the original configuration's two raw
 * continuations and Steerling's plain, prompted and steered summaries, each with its scores; and the
 * original configuration itself, read from the code that runs it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORIGINAL_SAMPLING, ORIGINAL_STEERING, originalPrompt } from '../../../src-main/core/eval/original-experiment';
import { createSemanticSteeringModel } from '../../fixtures/steering/semantic-model';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(repoRoot, 'bin', 'steerling.js');
const article = path.join(repoRoot, 'assets', 'samples', 'river-festival.txt');

describe('steerling reproduce-original', () => {
  it('is the research configuration as it was', () => {
    expect(ORIGINAL_STEERING).toEqual({
      method: 'actadd',
      pairId: 'original-experiment:shakespearean/write-not-write',
      layerStart: 6,
      layerEnd: 6,
      coefficient: 5,
      frontAt: 'start',
      pairPadding: 'eos',
    });
    expect(ORIGINAL_SAMPLING).toMatchObject({ temperature: 1, topP: 0.3, frequencyPenalty: 1, repeatPenalty: 1, maxTokens: 100 });
    expect(originalPrompt({ title: 'T', text: 'Body.' })).toBe('Summarise the following news article.\n\nT\n\nBody.\n\nSummary:');
  });

  it('runs it beside Steerling’s recommended settings and scores every output', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-cli-reproduce-'));
    const run = spawnSync(process.execPath, [bin, 'reproduce-original', article, '--model', createSemanticSteeringModel(), '--json', '-q'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, STEERLING_DATA_DIR: dataDir, STEERLING_THREADS: '1', STEERLING_GPU: 'false', STEERLING_PAIR_LIBRARY_DIR: '' },
      timeout: 300_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { rows } = JSON.parse(run.stdout) as { rows: { label: string; output: string; scores: { archaic: { rate: number }; perplexity: unknown } | null }[] };
    expect(rows.map((row) => row.label)).toEqual(['original, unsteered', 'original, steered', 'Steerling plain', 'Steerling prompted', 'Steerling steered']);
    for (const row of rows) {
      expect(row.output.trim().length).toBeGreaterThan(0);
      expect(row.scores).toMatchObject({ archaic: { rate: expect.any(Number) }, perplexity: expect.anything() });
    }
  });
});
