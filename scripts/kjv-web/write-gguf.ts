/**
 * Turns the trained King James / modern model (OUT/model.json + OUT/weights.bin from train.py)
 * into the committed GGUF fixture, with its sha256 and training record beside it.
 *
 * Usage: npx tsx scripts/kjv-web/write-gguf.ts OUT_DIR
 * Matrices are stored as F16 (half the size; llama.cpp computes in F32 either way), norms as F32.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeGguf, type GgufMetadataEntry, type GgufTensor } from '../../tests/fixtures/gguf/gguf-writer';
import { MISTRAL_V02_CHAT_TEMPLATE } from '../../tests/fixtures/gguf/mistral-v02-template';
import { KJV_WEB_DIR, KJV_WEB_MODEL_PATH, KJV_WEB_NAME } from '../../tests/fixtures/kjv-web/kjv-web';

interface Manifest {
  settings: Record<string, unknown>;
  config: { n_embd: number; n_layer: number; n_head: number; n_head_kv: number; n_ff: number; rope_freq_base: number; rms_eps: number; context: number; vocab_size: number };
  vocab: { tokens: string[]; scores: number[]; types: number[] };
  tensors: { name: string; shape: number[]; offset: number }[];
  [key: string]: unknown;
}

/** Positions the model accepts; it was trained on `config.context`-token windows (see model.json). */
const CONTEXT_LENGTH = 2048;

function metadata(m: Manifest): GgufMetadataEntry[] {
  const c = m.config;
  const id = (piece: string) => {
    const index = m.vocab.tokens.indexOf(piece);
    if (index < 0) throw new Error(`The vocabulary has no ${piece}`);
    return index;
  };
  return [
    { key: 'general.architecture', type: 'string', value: 'llama' },
    { key: 'general.name', type: 'string', value: KJV_WEB_NAME },
    { key: 'general.alignment', type: 'u32', value: 32 },
    { key: 'general.file_type', type: 'u32', value: 1 },
    { key: 'llama.context_length', type: 'u32', value: CONTEXT_LENGTH },
    { key: 'llama.embedding_length', type: 'u32', value: c.n_embd },
    { key: 'llama.block_count', type: 'u32', value: c.n_layer },
    { key: 'llama.feed_forward_length', type: 'u32', value: c.n_ff },
    { key: 'llama.attention.head_count', type: 'u32', value: c.n_head },
    { key: 'llama.attention.head_count_kv', type: 'u32', value: c.n_head_kv },
    { key: 'llama.attention.layer_norm_rms_epsilon', type: 'f32', value: c.rms_eps },
    { key: 'llama.rope.freq_base', type: 'f32', value: c.rope_freq_base },
    { key: 'llama.rope.dimension_count', type: 'u32', value: c.n_embd / c.n_head },
    { key: 'llama.vocab_size', type: 'u32', value: m.vocab.tokens.length },
    { key: 'tokenizer.ggml.model', type: 'string', value: 'llama' },
    { key: 'tokenizer.ggml.tokens', type: 'array', itemType: 'string', value: m.vocab.tokens },
    { key: 'tokenizer.ggml.scores', type: 'array', itemType: 'f32', value: m.vocab.scores },
    { key: 'tokenizer.ggml.token_type', type: 'array', itemType: 'i32', value: m.vocab.types },
    { key: 'tokenizer.ggml.bos_token_id', type: 'u32', value: id('<s>') },
    { key: 'tokenizer.ggml.eos_token_id', type: 'u32', value: id('</s>') },
    { key: 'tokenizer.ggml.unknown_token_id', type: 'u32', value: id('<unk>') },
    { key: 'tokenizer.ggml.add_bos_token', type: 'bool', value: true },
    { key: 'tokenizer.ggml.add_eos_token', type: 'bool', value: false },
    { key: 'tokenizer.chat_template', type: 'string', value: MISTRAL_V02_CHAT_TEMPLATE },
  ];
}

function tensors(m: Manifest, weights: Buffer): GgufTensor[] {
  return m.tensors.map(({ name, shape, offset }) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(weights.buffer.slice(weights.byteOffset + offset, weights.byteOffset + offset + count * 4));
    return { name, shape, type: shape.length > 1 ? 'F16' : 'F32', data };
  });
}

function main(): void {
  const out = process.argv[2];
  if (!out) throw new Error('Usage: tsx scripts/kjv-web/write-gguf.ts OUT_DIR');
  const manifest = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as Manifest;
  const weights = readFileSync(join(out, 'weights.bin'));
  writeGguf(KJV_WEB_MODEL_PATH, { metadata: metadata(manifest), tensors: tensors(manifest, weights) });
  const sha256 = createHash('sha256').update(readFileSync(KJV_WEB_MODEL_PATH)).digest('hex');
  const { vocab: _vocab, tensors: _tensors, ...record } = manifest;
  writeFileSync(join(KJV_WEB_DIR, 'training.json'), JSON.stringify({ file: 'kjv-web.gguf', sha256, contextLength: CONTEXT_LENGTH, ...record }, null, 2) + '\n');
  console.log(`${KJV_WEB_MODEL_PATH}\nsha256 ${sha256}`);
}

main();
