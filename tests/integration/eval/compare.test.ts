/**
 * Compare on a generated model through the real LocalEngine (with steering): same seed for every
 * configuration, all scores present, cancel then resume without re-running finished rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../../src-main/core/engine';
import type { SamplingSettings } from '../../../src-main/core/engine/types';
import { runComparison, type CompareConfig, type CompareRequest, type ComparisonResult } from '../../../src-main/core/eval/compare/compare';
import { renderComparisonMarkdown } from '../../../src-main/core/eval/compare/markdown';
import { EvalError } from '../../../src-main/core/eval/errors';
import { evalModelOf, type EvalModel } from '../../../src-main/core/eval/eval-model';
import { JUDGE_CRITERIA } from '../../../src-main/core/eval/judge/parse';
import { scoreSummary } from '../../../src-main/core/eval/scores';
import { scoreTargetFor } from '../../../src-main/core/eval/target';
import { createSteeringProvider } from '../../../src-main/core/steering/steering-provider';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { ARTICLE, CountingEngine, THREADS } from './helpers';

const SAMPLING: SamplingSettings = { temperature: 0.8, topP: 0.9, seed: 11, maxTokens: 24, repeatPenalty: 1.1 };
const CONFIGS: CompareConfig[] = [
  { id: 'steered', label: 'Steered | thou/you', mode: 'steered', style: 'shakespearean', steering: { method: 'actadd', pairId: 'shakespearean/thou-you', layerStart: 2, layerEnd: 2, coefficient: 4 } },
  { id: 'prompted', mode: 'prompted', style: 'shakespearean' },
  { id: 'plain', mode: 'plain' },
];
const REQUEST: CompareRequest = { article: ARTICLE, configs: CONFIGS, sampling: SAMPLING, target: scoreTargetFor('shakespearean') };

let local: LocalEngine;
let model: EvalModel;

beforeAll(async () => {
  local = new LocalEngine({ gpu: false, threads: THREADS, steering: createSteeringProvider() });
  await local.loadModel(await createTinyModel({ nLayer: 4, seed: 21 }), { contextSize: 2048 });
  model = evalModelOf(local);
});
afterAll(async () => {
  await local?.dispose();
});

describe('compare', () => {
  let full: ComparisonResult;

  it('runs every configuration once, plain first, and scores each row', async () => {
    const engine = new CountingEngine(local);
    full = await runComparison({ ...REQUEST, judge: true }, { engine, model });
    expect(engine.callNames()).toEqual(['plain', 'actadd@2-2x4', 'prompted']); // plain first, then as asked
    expect(engine.calls.every((call) => call.sampling.seed === SAMPLING.seed)).toBe(true);
    expect(full.complete).toBe(true);
    expect(full.rows.map((row) => row.config.id)).toEqual(['steered', 'prompted', 'plain']); // the order asked for
    const plain = full.rows[2];
    for (const row of full.rows) {
      expect(row.error).toBeUndefined();
      expect(row.output.length).toBeGreaterThan(0);
      const scores = row.scores!;
      expect(scores.archaic.words).toBeGreaterThan(0);
      expect(Number.isFinite(scores.contrast!.score)).toBe(true);
      expect(scores.perplexity!.perplexity).toBeGreaterThan(1);
      expect(scores.perplexity!.tokens).toBeGreaterThan(0);
      expect(scores.content.vsArticle.rouge1.recall).toBeGreaterThanOrEqual(0);
      expect(Object.keys(scores.judge!.ratings).sort()).toEqual([...JUDGE_CRITERIA].sort());
      expect(scores.judge!.rubricId).toBe('steerling-judge-v1');
      if (row !== plain) {
        // Scored against the plain row's text, which ran first.
        expect(scores.content.vsPlain).not.toBeNull();
        expect(scores.content.vsPlain!.rougeL.f1).toBeLessThan(1);
      }
    }
    expect(plain.scores!.content.vsPlain).toBeNull();
  });

  it('cancelled part-way keeps the finished rows; resuming runs only the rest and matches a full run', async () => {
    const engine = new CountingEngine(local);
    const controller = new AbortController();
    engine.abortOnCall = { call: 2, controller };
    const partial = await runComparison(REQUEST, { engine, model, signal: controller.signal });
    expect(partial.complete).toBe(false);
    expect(partial.rows.map((row) => row.config.id)).toEqual(['plain']);
    expect(engine.callNames()).toEqual(['plain', 'actadd@2-2x4']);

    // The partial result goes through JSON, as it would through a file or IPC.
    const resumeFrom = JSON.parse(JSON.stringify(partial)) as ComparisonResult;
    const again = new CountingEngine(local);
    const resumed = await runComparison(REQUEST, { engine: again, model, resume: resumeFrom });
    expect(again.callNames()).toEqual(['actadd@2-2x4', 'prompted']);
    expect(resumed.complete).toBe(true);
    expect(resumed.rows.map((row) => row.output)).toEqual(full.rows.map((row) => row.output));
    expect(resumed.rows.map((row) => row.scores!.content.vsPlain?.rougeL.f1)).toEqual(full.rows.map((row) => row.scores!.content.vsPlain?.rougeL.f1));

    const nothingLeft = new CountingEngine(local);
    const rerun = await runComparison(REQUEST, { engine: nothingLeft, model, resume: resumed });
    expect(nothingLeft.calls).toEqual([]);
    expect(rerun.rows).toEqual(resumed.rows);
  });

  it('refuses to resume a comparison of another article or other sampling', async () => {
    const partial = await runComparison({ ...REQUEST, configs: [CONFIGS[2]] }, { engine: local, model });
    const error = await runComparison({ ...REQUEST, sampling: { ...SAMPLING, seed: 12 } }, { engine: local, resume: partial }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalError);
    expect((error as EvalError).code).toBe('resume-mismatch');
    await expect(runComparison({ ...REQUEST, article: { ...ARTICLE, text: 'Another article.' } }, { engine: local, resume: partial })).rejects.toMatchObject({
      code: 'resume-mismatch',
    });
  });

  it('a configuration the engine refuses becomes a row with its error; the others still run', async () => {
    const engine = new CountingEngine(local);
    const bad: CompareConfig = { id: 'too-deep', mode: 'steered', steering: { method: 'caa', pairId: 'shakespearean/thou-you', layerStart: 40, layerEnd: 40, coefficient: 4 } };
    const result = await runComparison({ ...REQUEST, configs: [CONFIGS[2], bad] }, { engine });
    expect(result.complete).toBe(false);
    expect(result.rows[0].error).toBeUndefined();
    expect(result.rows[1].error).toMatch(/Layers 40–40 cannot be steered/);
    expect(result.rows[1].scores).toBeNull();
    expect(renderComparisonMarkdown(result)).toContain('Could not be summarised: Layers 40–40 cannot be steered');
  });

  it('rejects duplicate names and empty lists before running anything', async () => {
    const engine = new CountingEngine(local);
    await expect(runComparison({ ...REQUEST, configs: [CONFIGS[2], { ...CONFIGS[1], id: 'plain' }] }, { engine })).rejects.toThrow(/Two configurations are called "plain"/);
    await expect(runComparison({ ...REQUEST, configs: [] }, { engine })).rejects.toMatchObject({ code: 'invalid-request' });
    expect(engine.calls).toEqual([]);
  });

  it('a text too long for the model gets null model scores and a stated problem, not a failed run', async () => {
    const output = 'the bridge '.repeat(1200);
    const scores = await scoreSummary({ output, article: ARTICLE, target: scoreTargetFor('shakespearean') }, { model });
    expect(scores.contrast).toBeNull();
    expect(scores.perplexity).toBeNull();
    expect(scores.problems).toHaveLength(2);
    expect(scores.problems[0]).toMatch(/^Contrast: .*more than the model's context of 2048/);
    expect(scores.problems[1]).toMatch(/^Perplexity: .*Load the model with a larger context size/);
    expect(scores.archaic.words).toBe(2400); // the text scores still ran
  });

  it('renders the table and every output as Markdown', () => {
    const markdown = renderComparisonMarkdown(full);
    const lines = markdown.split('\n');
    const header = lines.findIndex((line) => line.startsWith('| Configuration |'));
    expect(header).toBeGreaterThan(0);
    const rows = lines.slice(header + 2, header + 5);
    expect(rows[0]).toMatch(/^\| Steered \\\| thou\/you \| steered, actadd, shakespearean\/thou-you, layer 2, ×4 \| /);
    expect(rows[1]).toMatch(/^\| prompted \| prompted, shakespearean \| /);
    expect(rows[2]).toMatch(/^\| plain \| plain \| [\d.]+ \| -?[\d.]+ \| – \| /);
    for (const row of full.rows) expect(markdown).toContain(row.output.trim());
    expect(markdown).toContain('seed 11');
    expect(markdown).toContain('Target style for scoring: Shakespearean English.');
  });
});
