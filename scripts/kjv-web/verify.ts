/**
 * Checks that llama.cpp (through node-llama-cpp) runs the GGUF fixture as the trainer ran the
 * model: the same token ids for the check texts, and the same greedy continuation (the file holds
 * F16 matrices, so a late token may differ where two logits are within rounding; the first 8 must not).
 *
 * Usage: npx tsx scripts/kjv-web/verify.ts OUT_DIR   (after check.py wrote OUT_DIR/check.json)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLlama, LlamaChatSession, type Token } from 'node-llama-cpp';
import { KJV_WEB_MODEL_PATH } from '../../tests/fixtures/kjv-web/kjv-web';

interface Case {
  kind: 'raw' | 'chat';
  text: string;
  ids: number[];
  greedy: number[];
}

const STRICT_TOKENS = 8;

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('Usage: tsx scripts/kjv-web/verify.ts OUT_DIR');
  const { cases } = JSON.parse(readFileSync(join(out, 'check.json'), 'utf8')) as { cases: Case[] };
  const llama = await getLlama({ gpu: false });
  const model = await llama.loadModel({ modelPath: KJV_WEB_MODEL_PATH, gpuLayers: 0 });
  const context = await model.createContext({ contextSize: 512 });
  let failed = 0;
  for (const c of cases) {
    const ids = [model.tokens.bos!, ...model.tokenize(c.text)].map(Number);
    const sameIds = JSON.stringify(ids) === JSON.stringify(c.ids);
    const sequence = context.getSequence();
    const greedy: number[] = [];
    for await (const token of sequence.evaluate(ids as Token[], { temperature: 0 })) {
      greedy.push(Number(token));
      if (greedy.length >= c.greedy.length) break;
    }
    sequence.dispose();
    const agree = greedy.findIndex((token, i) => token !== c.greedy[i]);
    const sameStart = agree === -1 || agree >= STRICT_TOKENS;
    if (!sameIds || !sameStart) failed++;
    console.log(`${sameIds && sameStart ? 'ok  ' : 'FAIL'} [${c.kind}] ids ${sameIds ? 'equal' : `differ:\n  python ${c.ids}\n  llama  ${ids}`}; greedy equal for ${agree === -1 ? c.greedy.length : agree}/${c.greedy.length} tokens: ${model.detokenize(greedy as Token[])}`);
  }
  // The chat path: node-llama-cpp renders the Mistral v0.2 template from the file's metadata.
  const session = new LlamaChatSession({ contextSequence: context.getSequence() });
  const answer = await session.prompt('Then Jonah prayed to Yahweh, his God, out of the fish\'s belly.', { temperature: 0, maxTokens: 30 });
  console.log(`chat answer: ${answer}`);
  await context.dispose();
  await model.dispose();
  if (failed > 0) {
    console.error(`${failed} check(s) failed`);
    process.exitCode = 1;
  }
}

await main();
