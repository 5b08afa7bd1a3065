import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  encodeControlVector,
  readControlVectorFile,
  writeControlVectorFile,
} from '../../../src-main/core/steering/control-vector-file';
import { SteeringError } from '../../../src-main/core/steering/errors';
import { writeIndependentControlVector } from '../../fixtures/steering/independent-control-vector';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'steerling-cvec-'));
});

function randomVector(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let state = seed;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = (state / 2147483648 - 0.5) * 7.3;
  }
  return out;
}

async function failure(path: string): Promise<SteeringError> {
  try {
    await readControlVectorFile(path);
  } catch (error) {
    expect(error).toBeInstanceOf(SteeringError);
    expect((error as SteeringError).code).toBe('invalid-vector-file');
    return error as SteeringError;
  }
  throw new Error(`${path} was accepted`);
}

describe('control-vector files', () => {
  it('round-trips floats exactly, maps direction.N to layer N+1 and keeps steerling metadata', async () => {
    const layers = new Map([
      [3, randomVector(48, 1)],
      [7, randomVector(48, 2)],
    ]);
    const path = join(dir, 'round-trip.gguf');
    await writeControlVectorFile(path, {
      vectors: { nEmbd: 48, layers },
      modelHint: 'llama',
      steerling: { method: 'mean', pair_count: 3, centred: false },
    });
    const read = await readControlVectorFile(path);
    expect(read.vectors.nEmbd).toBe(48);
    expect([...read.vectors.layers.keys()].sort()).toEqual([3, 7]);
    for (const [layer, values] of layers) expect(Buffer.from(read.vectors.layers.get(layer)!.buffer)).toEqual(Buffer.from(values.buffer));
    expect(read.modelHint).toBe('llama');
    expect(read.layerCount).toBe(2);
    expect(read.steerling.method).toBe('mean');
    expect(read.steerling.pair_count).toBe(3);
    expect(read.steerling.centred).toBe(false);
    expect(String(read.steerling.layer_convention)).toMatch(/direction\.N/);
  });

  it('writes what llama.cpp expects: GGUF v3, controlvector architecture, 1-D F32 direction.N (N ≥ 1), 32-byte aligned data', async () => {
    const path = join(dir, 'layout.gguf');
    writeFileSync(path, encodeControlVector({ vectors: { nEmbd: 10, layers: new Map([[2, randomVector(10, 3)], [4, randomVector(10, 4)]]) }, modelHint: 'llama' }));
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('GGUF');
    expect(bytes.readUInt32LE(4)).toBe(3);
    const info = await readGgufFileInfo(path, { sourceType: 'filesystem', logWarnings: false });
    expect(info.metadata.general.architecture).toBe('controlvector');
    const tensors = info.tensorInfo!;
    expect(tensors.map((t) => t.name)).toEqual(['direction.1', 'direction.3']);
    for (const tensor of tensors) {
      expect(tensor.dimensions.map(Number)).toEqual([10]);
      expect(tensor.ggmlType).toBe(0);
      expect(Number(tensor.fileOffset) % 32).toBe(0);
    }
    expect(info.infoEndOffset! % 32).toBe(0);
  });

  it('reads files from an independent writer with u32 (repeng) or i32 (cvector-generator) layer_count identically', async () => {
    const directions = new Map([
      [1, randomVector(32, 5)],
      [12, randomVector(32, 6)],
    ]);
    for (const layerCountType of ['u32', 'i32'] as const) {
      const path = join(dir, `independent-${layerCountType}.gguf`);
      writeIndependentControlVector(path, { directions, layerCountType, modelHint: 'mistral' });
      const read = await readControlVectorFile(path);
      expect(read.layerCount).toBe(2);
      expect(read.modelHint).toBe('mistral');
      expect(read.steerling).toEqual({});
      expect([...read.vectors.layers.get(2)!]).toEqual([...directions.get(1)!]);
      expect([...read.vectors.layers.get(13)!]).toEqual([...directions.get(12)!]);
    }
  });

  it('accepts [n, 1] directions, which ggml counts as 1-D', async () => {
    const path = join(dir, 'trailing-one.gguf');
    const values = randomVector(16, 7);
    writeIndependentControlVector(path, { directions: new Map([[2, values]]), rows: 1 });
    expect([...(await readControlVectorFile(path)).vectors.layers.get(3)!]).toEqual([...values]);
  });

  it('refuses direction.0, F16, 2-D, mixed sizes, NaN, other tensors, model files, truncation and non-GGUF files', async () => {
    const bad = (name: string, write: (path: string) => void) => {
      const path = join(dir, `${name}.gguf`);
      write(path);
      return path;
    };
    const v = randomVector(16, 8);
    expect((await failure(bad('zero', (p) => writeIndependentControlVector(p, { directions: new Map([[0, v]]) })))).message).toMatch(/direction\.0/);
    expect((await failure(bad('f16', (p) => writeIndependentControlVector(p, { directions: new Map([[1, v]]), tensorType: 'F16' })))).message).toMatch(/F32/);
    expect((await failure(bad('two-d', (p) => writeIndependentControlVector(p, { directions: new Map([[1, v]]), rows: 2 })))).message).toMatch(/1-D/);
    expect(
      (await failure(bad('mixed', (p) => writeIndependentControlVector(p, { directions: new Map([[1, v], [2, randomVector(8, 9)]]) })))).message,
    ).toMatch(/8 values but earlier directions have 16/);
    const withNan = Float32Array.from(v);
    withNan[3] = Number.NaN;
    expect((await failure(bad('nan', (p) => writeIndependentControlVector(p, { directions: new Map([[1, withNan]]) })))).message).toMatch(/NaN/);
    expect(
      (await failure(bad('other-tensor', (p) =>
        writeIndependentControlVector(p, { directions: new Map([[1, v]]), extraTensors: [{ name: 'token_embd.weight', shape: [16], type: 'F32', data: v }] }),
      ))).message,
    ).toMatch(/not named direction\.N/);
    expect((await failure(bad('model', (p) => writeIndependentControlVector(p, { directions: new Map([[1, v]]), architecture: 'llama' })))).message).toMatch(/"llama" GGUF/);
    const good = readFileSync(bad('good', (p) => writeIndependentControlVector(p, { directions: new Map([[1, v]]) })));
    expect((await failure(bad('truncated', (p) => writeFileSync(p, good.subarray(0, good.length - 20))))).message).toMatch(/truncated/);
    await failure(bad('text', (p) => writeFileSync(p, 'direction.1 = 0.5, 0.2\n')));
    expect((await failure(join(dir, 'missing.gguf'))).message).toMatch(/does not exist/);
  });

  it('refuses to write what llama.cpp could not load', () => {
    expect(() => encodeControlVector({ vectors: { nEmbd: 4, layers: new Map([[1, randomVector(4, 1)]]) }, modelHint: 'llama' })).toThrow(/layer 2/);
    expect(() => encodeControlVector({ vectors: { nEmbd: 4, layers: new Map() }, modelHint: 'llama' })).toThrow(SteeringError);
    expect(() =>
      encodeControlVector({ vectors: { nEmbd: 4, layers: new Map([[2, Float32Array.from([1, Number.NaN, 0, 0])]]) }, modelHint: 'llama' }),
    ).toThrow(SteeringError);
  });
});
