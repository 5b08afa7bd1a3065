/**
 * Seeded mutations of valid articles. The same seed always gives the same inputs, so a
 * failure is reproduced by its id alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FuzzInput } from './crafted';
import type { Seed } from './seeds';

/** mulberry32: small, fast and good enough to spread mutations. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.pdf', '.docx', '.eml'];

/** Fragments that have hurt parsers: markup openers, emphasis, boundaries, magic numbers, bad bytes. */
const TOKENS = [
  '<div>', '<table><tr><td>', '<!---->', '<!--', '<p>', '<li>', '</div>', '<script>', '*', '_a', '**', '> ', '  - ', '[', '](',
  '`', '\\', '&amp;', '&#xD800;', '&lol;', '\x00', '\r', '\u2028', '%PDF-', 'PK\x03\x04', 'obj <<', '/Count 99999', 'stream\n',
  '--B\r\n', 'Content-Type: multipart/mixed; boundary="B"\r\n\r\n', '=?UTF-8?B?7aCA?=', '<w:p><w:r><w:t>', '\xed\xa0\x80', '\xff\xfe',
];

type Mutator = (bytes: Buffer, next: () => number, seeds: Seed[]) => Buffer;

const int = (next: () => number, below: number) => Math.floor(next() * below);

const MUTATORS: Record<string, Mutator> = {
  flip(bytes, next) {
    const out = Buffer.from(bytes);
    for (let i = 0, n = 1 + int(next, 16); i < n && out.length > 0; i++) out[int(next, out.length)] = int(next, 256);
    return out;
  },
  truncate: (bytes, next) => bytes.subarray(0, int(next, bytes.length)),
  insertRandom(bytes, next) {
    const at = int(next, bytes.length + 1);
    const noise = Buffer.from(Array.from({ length: 1 + int(next, 256) }, () => int(next, 256)));
    return Buffer.concat([bytes.subarray(0, at), noise, bytes.subarray(at)]);
  },
  repeatSlice(bytes, next) {
    const from = int(next, bytes.length);
    const slice = bytes.subarray(from, from + 1 + int(next, 64));
    const times = 2 + int(next, Math.max(2, Math.floor((2 * 1024 * 1024) / Math.max(1, slice.length)) ** next()));
    return Buffer.concat([bytes.subarray(0, from), Buffer.alloc(slice.length * times, slice), bytes.subarray(from)]);
  },
  token(bytes, next) {
    const token = Buffer.from(TOKENS[int(next, TOKENS.length)], 'latin1');
    const times = 1 + int(next, 1 + Math.floor(20_000 ** next()));
    const at = int(next, bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, at), Buffer.alloc(token.length * times, token), bytes.subarray(at)]);
  },
  splice(bytes, next, seeds) {
    const other = seeds[int(next, seeds.length)].bytes;
    const from = int(next, other.length);
    const at = int(next, bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, at), Buffer.from(other.subarray(from, from + int(next, 4096))), bytes.subarray(at + int(next, 512))]);
  },
  zeroRange(bytes, next) {
    const out = Buffer.from(bytes);
    const from = int(next, out.length);
    out.fill(0, from, Math.min(out.length, from + 1 + int(next, 512)));
    return out;
  },
};

const MUTATOR_NAMES = Object.keys(MUTATORS);

/** `count` mutants: each applies one to three mutations to a seed, and one in ten is also renamed. */
export function mutatedInputs(seeds: Seed[], count: number, seed: number): FuzzInput[] {
  const inputs: FuzzInput[] = [];
  for (let index = 0; index < count; index++) {
    const next = random(seed * 1_000_003 + index);
    const base = seeds[int(next, seeds.length)];
    const steps = Array.from({ length: 1 + int(next, 3) }, () => MUTATOR_NAMES[int(next, MUTATOR_NAMES.length)]);
    const rename = next() < 0.1 ? EXTENSIONS[int(next, EXTENSIONS.length)] : undefined;
    const name = rename ? base.name.replace(/\.[^.]+$/, rename) : base.name;
    const id = `m${String(index).padStart(4, '0')}-${steps.join('+')}`;
    inputs.push({
      id,
      name,
      async create(dir) {
        // A stream of its own, so the bytes are the same however many times or in what order inputs are made.
        const mutate = random((seed * 1_000_003 + index) ^ 0x5bd1e995);
        let bytes: Buffer = Buffer.from(base.bytes);
        for (const step of steps) bytes = MUTATORS[step](bytes, mutate, seeds);
        const target = path.join(dir, `${id}-${name}`);
        fs.writeFileSync(target, bytes);
        return target;
      },
    });
  }
  return inputs;
}
