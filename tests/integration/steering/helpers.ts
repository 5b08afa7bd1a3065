import type { LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { getSharedLlama } from '../../../src-main/core/engine/llama';

export const THREADS = 1;

export interface Loaded {
  model: LlamaModel;
  context: LlamaContext;
  dispose(): Promise<void>;
}

export async function loadForSteering(path: string, contextSize = 512): Promise<Loaded> {
  const llama = await getSharedLlama({ gpu: false });
  const model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
  const context = await model.createContext({ contextSize, sequences: 1, threads: THREADS });
  return {
    model,
    context,
    async dispose() {
      await context.dispose();
      await model.dispose();
    },
  };
}

/** Greedy continuation of `prompt` on an emptied sequence. */
export async function greedy(sequence: LlamaContextSequence, prompt: readonly Token[], count: number): Promise<number[]> {
  await sequence.clearHistory();
  const out: number[] = [];
  for await (const token of sequence.evaluate([...prompt], { temperature: 0 })) {
    out.push(token);
    if (out.length >= count) break;
  }
  return out;
}

/** max_i |a_i − b_i| / max(‖b‖∞, tiny). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return worst / Math.max(scale, 1e-30);
}

export function randomVector(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 4294967296 - 0.5) * 2 * scale;
  }
  return out;
}
