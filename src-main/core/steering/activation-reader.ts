/**
 * Reads residual-stream activations for steering builders: tokenises like prompts are tokenised
 * (BOS first when the model adds one) and captures the stream entering block-input layers
 * through the side addon, several prompts per evaluation.
 */
import type { LlamaModel } from 'node-llama-cpp';
import { SteeringError } from './errors';
import { assertCapturableLayer, llamaIndexOfLayer } from './layers';
import type { SteeringBridge } from './native/index';

export interface ActivationReader {
  readonly nEmbd: number;
  readonly nLayer: number;
  /** A whitespace token used to pad pairs to equal length (never EOS; see STEERING.md). */
  readonly padToken: number;
  tokenize(text: string): number[];
  /**
   * Residuals entering each block-input layer for each token sequence: result.get(layer)[i] is
   * a [sequences[i].length × nEmbd] row-major array.
   */
  capture(sequences: readonly (readonly number[])[], layers: readonly number[]): Promise<Map<number, Float32Array[]>>;
}

/** How many prompts share one evaluation (the addon allows 64 sequences). */
const SEQUENCES_PER_CAPTURE = 32;

/** The token that ends "a " beyond "a": SPM's "▁" on Mistral; checked to decode as a space. */
export function findWhitespacePadToken(model: LlamaModel): number {
  const base = [...model.tokenize('a')];
  const spaced = [...model.tokenize('a ')];
  const candidate = spaced.at(-1);
  const extendsBase = spaced.length === base.length + 1 && base.every((token, i) => token === spaced[i]);
  if (candidate !== undefined && extendsBase && /\s$/.test(model.detokenize(spaced))) return candidate;
  const fallback = [...model.tokenize(' ')].at(-1);
  if (fallback === undefined) {
    throw new SteeringError('invalid-pair', 'This model has no whitespace token to pad steering pairs with.');
  }
  return fallback;
}

export function createActivationReader(model: LlamaModel, bridge: SteeringBridge): ActivationReader {
  const bos = model.tokens.bos;
  const prependBos = bos !== null && model.tokens.shouldPrependBosToken;
  const padToken = findWhitespacePadToken(model);
  return {
    nEmbd: bridge.nEmbd,
    nLayer: bridge.nLayer,
    padToken,
    tokenize(text: string): number[] {
      const tokens = [...model.tokenize(text)] as number[];
      return prependBos ? [bos as number, ...tokens] : tokens;
    },
    async capture(sequences, layers) {
      for (const layer of layers) assertCapturableLayer(layer, bridge.nLayer);
      if (sequences.some((tokens) => tokens.length === 0)) {
        throw new SteeringError('invalid-pair', 'Cannot read activations of an empty prompt.');
      }
      const indices = layers.map(llamaIndexOfLayer);
      const out = new Map<number, Float32Array[]>(layers.map((layer) => [layer, []]));
      for (let start = 0; start < sequences.length; start += SEQUENCES_PER_CAPTURE) {
        const chunk = sequences.slice(start, start + SEQUENCES_PER_CAPTURE);
        const residuals = await bridge.captureResiduals(
          chunk.map((tokens, sequence) => ({ tokens, sequence })),
          indices,
        );
        layers.forEach((layer, li) => {
          let row = 0;
          for (const tokens of chunk) {
            const size = tokens.length * bridge.nEmbd;
            out.get(layer)!.push(residuals[li].slice(row, row + size));
            row += size;
          }
        });
      }
      return out;
    },
  };
}
