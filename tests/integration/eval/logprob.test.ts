/**
 * scoreLogProbs against an independent computation: the final residual stream read through the
 * steering addon (l_out of the last block, before the final norm), then RMS norm, the output
 * matrix of the generated model's own spec and a float64 log-softmax, all in this file.
 */
import type { LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSharedLlama } from '../../../src-main/core/engine/llama';
import { EvalError } from '../../../src-main/core/eval/errors';
import { MIN_LOG_PROB, scoreLogProbs } from '../../../src-main/core/eval/logprob';
import { SteeringBridge } from '../../../src-main/core/steering/native/index';
import { join } from 'node:path';
import { buildTinyModelSpec, tensorOf, TINY_MODEL_CACHE_DIR, tokenIdOf, writeTinyModel } from '../../fixtures/gguf/tiny-model';

const spec = buildTinyModelSpec({ nLayer: 3, seed: 5 });
const { nEmbd, rmsEpsilon } = spec.options;
const vocabSize = spec.vocab.tokens.length;
const outputWeights = tensorOf(spec, 'output.weight').data;
// "▁queen" points hard against the bias direction every residual carries: its probability
// underflows float32 after any prompt.
const UNDERFLOW_WORD = 'queen';
const underflowRow = tokenIdOf(spec, `\u2581${UNDERFLOW_WORD}`) * nEmbd;
outputWeights.fill(0, underflowRow, underflowRow + nEmbd);
outputWeights[underflowRow] = -100;
const modelPath = join(TINY_MODEL_CACHE_DIR, 'eval-logprob-v1.gguf');

let model: LlamaModel;
let context: LlamaContext;
let sequence: LlamaContextSequence;

beforeAll(async () => {
  const llama = await getSharedLlama({ gpu: false });
  writeTinyModel(spec, modelPath);
  model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  // A small batch makes a 40-token text span several controlledEvaluate calls.
  context = await model.createContext({ contextSize: 256, batchSize: 8, sequences: 1, threads: 1 });
  sequence = context.getSequence();
});
afterAll(async () => {
  await context?.dispose();
  await model?.dispose();
});

/** log p(next | position) for every position, from residuals, in float64. */
async function referenceLogSoftmax(tokens: readonly Token[]): Promise<number[][]> {
  const bridge = SteeringBridge.open(context);
  const [residuals] = await bridge.captureResiduals(tokens.map(Number), [spec.options.nLayer - 1]);
  const rows: number[][] = [];
  for (let p = 0; p < tokens.length; p++) {
    const h = residuals.subarray(p * nEmbd, (p + 1) * nEmbd);
    let squares = 0;
    for (const x of h) squares += x * x;
    const scale = 1 / Math.sqrt(squares / nEmbd + rmsEpsilon);
    const logits = new Array<number>(vocabSize);
    let max = -Infinity;
    for (let t = 0; t < vocabSize; t++) {
      let dot = 0;
      for (let e = 0; e < nEmbd; e++) dot += outputWeights[t * nEmbd + e] * h[e] * scale;
      logits[t] = dot;
      max = Math.max(max, dot);
    }
    let sum = 0;
    for (const logit of logits) sum += Math.exp(logit - max);
    const logSum = max + Math.log(sum);
    rows.push(logits.map((logit) => logit - logSum));
  }
  return rows;
}

describe('scoreLogProbs', () => {
  it('equals the sum of per-token log-softmax computed independently from full logits', async () => {
    const prefix = [...model.tokenize('Summarise the news article below in plain english.', true)] as Token[];
    const continuation = [
      ...model.tokenize('the city council said the new bridge will open in march after a long storm over the river and the people of the town were told to keep away from the water for a week'),
    ] as Token[];
    expect(continuation.length).toBeGreaterThan(context.batchSize * 3);
    const all = [...prefix, ...continuation];
    const reference = await referenceLogSoftmax(all);
    const expected = continuation.map((token, j) => reference[prefix.length - 1 + j][token]);

    const result = await scoreLogProbs(sequence, prefix, continuation);
    expect(result.tokenLogProbs).toHaveLength(continuation.length);
    // Two float32 passes (KV cache in f16) agree to a few 1e-3 per token; an off-by-one position or a
    // temperature-scaled distribution would be off by whole nats.
    for (let j = 0; j < continuation.length; j++) expect(Math.abs(result.tokenLogProbs[j] - expected[j])).toBeLessThan(5e-3);
    const shifted = continuation.map((token, j) => reference[prefix.length + j][token]);
    expect(Math.max(...shifted.map((value, j) => Math.abs(value - expected[j])))).toBeGreaterThan(0.5);
    const expectedSum = expected.reduce((a, b) => a + b, 0);
    expect(Math.abs(result.sum - expectedSum)).toBeLessThan(0.05);
    expect(result.mean).toBeCloseTo(result.sum / continuation.length, 10);
    expect(result.clampedTokens).toBe(0);
  });

  it('depends on the prefix: the same continuation scores differently after different text', async () => {
    const continuation = [...model.tokenize('the bridge')] as Token[];
    const a = await scoreLogProbs(sequence, [...model.tokenize('rain over the city', true)] as Token[], continuation);
    const b = await scoreLogProbs(sequence, [...model.tokenize('the queen said', true)] as Token[], continuation);
    const again = await scoreLogProbs(sequence, [...model.tokenize('rain over the city', true)] as Token[], continuation);
    expect(a.sum).not.toBeCloseTo(b.sum, 3);
    expect(again.tokenLogProbs).toEqual(a.tokenLogProbs); // nothing left over from the previous call
  });

  it('clamps a probability that underflows float32 and counts it', async () => {
    const prefix = [...model.tokenize('the king said', true)] as Token[];
    const continuation = [...model.tokenize(`${UNDERFLOW_WORD} the`)] as Token[];
    expect(continuation).toHaveLength(2);
    const reference = await referenceLogSoftmax([...prefix, continuation[0]]);
    expect(reference[prefix.length - 1][continuation[0]]).toBeLessThan(MIN_LOG_PROB - 50); // truly below float32
    const result = await scoreLogProbs(sequence, prefix, continuation);
    expect(result.tokenLogProbs[0]).toBe(MIN_LOG_PROB);
    expect(result.tokenLogProbs[1]).toBeGreaterThan(MIN_LOG_PROB);
    expect(result.clampedTokens).toBe(1);
  });

  it('an empty continuation scores nothing; an empty prefix or a text past the context is a clear error', async () => {
    const empty = await scoreLogProbs(sequence, [model.tokens.bos!], []);
    expect(empty.tokenLogProbs).toEqual([]);
    expect(empty.mean).toBeNaN();
    await expect(scoreLogProbs(sequence, [], [model.tokens.bos!])).rejects.toMatchObject({ code: 'invalid-request' });
    const long = Array.from({ length: 300 }, () => model.tokens.bos!) as Token[];
    const error = await scoreLogProbs(sequence, [model.tokens.bos!], long).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalError);
    expect((error as EvalError).code).toBe('text-too-long');
    expect((error as EvalError).message).toMatch(/larger context/);
  });

  it('stops between batches when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const continuation = [...model.tokenize('the bridge')] as Token[];
    await expect(scoreLogProbs(sequence, [model.tokens.bos!], continuation, { signal: controller.signal })).rejects.toThrow(/cancelled/);
  });
});
