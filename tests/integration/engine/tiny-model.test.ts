import { gguf } from '@huggingface/gguf';
import { getLlama, LlamaCompletion, resolveChatWrapper, type Llama, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyModelSpec, createTinyModel, tokenIdOf } from '../../fixtures/gguf/tiny-model';

describe('generated tiny model', () => {
  let llama: Llama;
  let model: LlamaModel;
  let path: string;

  beforeAll(async () => {
    path = await createTinyModel();
    llama = await getLlama({ gpu: false });
    model = await llama.loadModel({ modelPath: path });
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it('parses with @huggingface/gguf as a GQA llama model', async () => {
    const { metadata, tensorInfos } = await gguf(path, { allowLocalFile: true });
    const m = metadata as unknown as Record<string, unknown>;
    expect(m['general.architecture']).toBe('llama');
    expect(m['llama.attention.head_count']).toBe(4);
    expect(m['llama.attention.head_count_kv']).toBe(2);
    expect(m['llama.attention.layer_norm_rms_epsilon']).toBeCloseTo(1e-5);
    expect(tensorInfos.find((t) => t.name === 'blk.0.attn_k.weight')?.shape.map(Number)).toEqual([64, 32]);
    expect(tensorInfos.find((t) => t.name === 'output_norm.weight')?.dtype).toBe(0);
  });

  it('loads in node-llama-cpp and resolves the Mistral chat wrapper', () => {
    expect(model.fileInfo.metadata.general.architecture).toBe('llama');
    expect(resolveChatWrapper(model)?.wrapperName).toBe('Mistral');
  });

  it('tokenizes whole words, newlines as <0x0A> and unknown characters as bytes', () => {
    const spec = buildTinyModelSpec();
    const tokens = model.tokenize('the news thou\nthou é');
    // After a newline there is no "▁", so the word falls back to single characters.
    const expected = ['▁the', '▁news', '▁thou', '<0x0A>', 't', 'h', 'o', 'u', '▁', '<0xC3>', '<0xA9>'];
    expect([...tokens]).toEqual(expected.map((piece) => tokenIdOf(spec, piece)));
    expect(model.detokenize(tokens)).toBe('the news thou\nthou é');
  });

  it('generates the requested number of tokens, deterministically per seed', async () => {
    const context = await model.createContext({ contextSize: 256, threads: 1 });
    try {
      const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
      const first = await completion.generateCompletion('The minister said', { maxTokens: 12, seed: 7, temperature: 0.8 });
      const again = await completion.generateCompletion('The minister said', { maxTokens: 12, seed: 7, temperature: 0.8 });
      expect(model.tokenize(first).length).toBeGreaterThanOrEqual(10);
      expect(again).toBe(first);
    } finally {
      await context.dispose();
    }
  });
});
