import { getLlama, type Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../../src-main/core/engine';
import { TokenTextStream } from '../../../src-main/core/engine/token-text-stream';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { collect, doneOf, request, textOf, THREADS } from './helpers';

describe('streamed text and UTF-8', () => {
  let engine: LocalEngine;

  beforeAll(async () => {
    engine = new LocalEngine({ gpu: false, threads: THREADS });
    // This model may emit raw byte tokens, so characters really do span several tokens.
    await engine.loadModel(await createTinyModel({ allowByteOutput: true }), { contextSize: 1024 });
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it('rebuilds multi-byte characters split over byte tokens by the real tokenizer', async () => {
    const llama = await getLlama({ gpu: false });
    const model = await llama.loadModel({ modelPath: await createTinyModel() });
    try {
      const original = 'the news — café, naïve 🦆 and thou';
      const tokens = model.tokenize(original);
      expect(tokens.length).toBeGreaterThan(original.split(' ').length + 8); // byte fallback happened
      const stream = new TokenTextStream<Token>((t, preceding) => model.detokenize(t, false, preceding));
      const chunks = tokens.map((t) => stream.push(t));
      chunks.push(stream.flush());
      expect(chunks.join('')).toBe(original);
      for (const chunk of chunks) expect(chunk).not.toContain('\uFFFD');
    } finally {
      await model.dispose();
    }
  });

  it('streams exactly the final output even when the model writes raw bytes', async () => {
    for (const seed of [3, 4]) {
      const events = await collect(engine.summarize(request({}, { seed, maxTokens: 60, temperature: 1.5, topP: 1 })));
      const done = doneOf(events);
      expect(textOf(events)).toBe(done.output);
      expect(done.output).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });
});
