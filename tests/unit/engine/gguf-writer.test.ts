import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gguf, GGUFValueType } from '@huggingface/gguf';
import { describe, expect, it } from 'vitest';
import { encodeGguf, float32ToFloat16Bits, writeGguf } from '../../fixtures/gguf/gguf-writer';

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

describe('float32ToFloat16Bits', () => {
  it('encodes exact halves, rounds to nearest and saturates to infinity', () => {
    expect(float32ToFloat16Bits(1)).toBe(0x3c00);
    expect(float32ToFloat16Bits(-2)).toBe(0xc000);
    expect(float32ToFloat16Bits(0)).toBe(0);
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff);
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
    expect(float32ToFloat16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    for (const value of [0.1, -3.14159, 1234.5, 6.1e-5, -1e-7]) {
      const back = halfToFloat(float32ToFloat16Bits(value));
      expect(Math.abs(back - value)).toBeLessThanOrEqual(Math.abs(value) * 2 ** -11 + 2 ** -25);
    }
  });
});

describe('writeGguf', () => {
  const path = join(tmpdir(), `steerling-writer-${process.pid}.gguf`);
  const f32 = Float32Array.from([1.5, -2.25, 3, 0.125, 7, -8]);
  const f16 = Float32Array.from([0.5, -1, 2.75]);
  writeGguf(path, {
    metadata: [
      { key: 'general.architecture', type: 'string', value: 'controlvector' },
      { key: 'general.alignment', type: 'u32', value: 64 },
      { key: 't.u8', type: 'u8', value: 250 },
      { key: 't.i8', type: 'i8', value: -100 },
      { key: 't.u16', type: 'u16', value: 60000 },
      { key: 't.i16', type: 'i16', value: -30000 },
      { key: 't.i32', type: 'i32', value: -7 },
      { key: 't.f32', type: 'f32', value: 0.25 },
      { key: 't.bool', type: 'bool', value: true },
      { key: 't.u64', type: 'u64', value: 2n ** 40n },
      { key: 't.i64', type: 'i64', value: -5 },
      { key: 't.f64', type: 'f64', value: Math.PI },
      { key: 't.strings', type: 'array', itemType: 'string', value: ['▁thou', '<0x0A>', 'é'] },
      { key: 't.ints', type: 'array', itemType: 'i32', value: [1, -2, 3] },
    ],
    tensors: [
      { name: 'direction.1', shape: [3, 2], type: 'F32', data: f32 },
      { name: 'half', shape: [3], type: 'F16', data: f16 },
    ],
  });

  it('is read back by @huggingface/gguf with every metadata type intact', async () => {
    const parsed = await gguf(path, { allowLocalFile: true, typedMetadata: true });
    const m = parsed.typedMetadata as unknown as Record<string, { value: unknown; type: GGUFValueType; subType?: GGUFValueType }>;
    expect(m.version.value).toBe(3);
    expect(m['general.architecture']).toMatchObject({ value: 'controlvector', type: GGUFValueType.STRING });
    expect(m['t.u8']).toMatchObject({ value: 250, type: GGUFValueType.UINT8 });
    expect(m['t.i8']).toMatchObject({ value: -100, type: GGUFValueType.INT8 });
    expect(m['t.u16']).toMatchObject({ value: 60000, type: GGUFValueType.UINT16 });
    expect(m['t.i16']).toMatchObject({ value: -30000, type: GGUFValueType.INT16 });
    expect(m['t.i32']).toMatchObject({ value: -7, type: GGUFValueType.INT32 });
    expect(m['t.f32']).toMatchObject({ value: 0.25, type: GGUFValueType.FLOAT32 });
    expect(m['t.bool']).toMatchObject({ value: true, type: GGUFValueType.BOOL });
    expect(m['t.u64']).toMatchObject({ value: 2n ** 40n, type: GGUFValueType.UINT64 });
    expect(m['t.i64']).toMatchObject({ value: -5n, type: GGUFValueType.INT64 });
    expect(m['t.f64']).toMatchObject({ value: Math.PI, type: GGUFValueType.FLOAT64 });
    expect(m['t.strings']).toMatchObject({ value: ['▁thou', '<0x0A>', 'é'], type: GGUFValueType.ARRAY, subType: GGUFValueType.STRING });
    expect(m['t.ints']).toMatchObject({ value: [1, -2, 3], subType: GGUFValueType.INT32 });
    expect(parsed.tensorInfos.map((t) => [t.name, t.shape.map(Number), t.dtype])).toEqual([
      ['direction.1', [3, 2], 0],
      ['half', [3], 1],
    ]);
  });

  it('places tensor data at offsets aligned to general.alignment', async () => {
    const parsed = await gguf(path, { allowLocalFile: true });
    const bytes = readFileSync(path);
    const dataStart = Number(parsed.tensorDataOffset);
    expect(dataStart % 64).toBe(0);
    const [first, second] = parsed.tensorInfos;
    expect(Number(second.offset) % 64).toBe(0);
    const firstStart = dataStart + Number(first.offset);
    expect([...f32].map((_, i) => bytes.readFloatLE(firstStart + i * 4))).toEqual([...f32]);
    const secondStart = dataStart + Number(second.offset);
    expect([0, 1, 2].map((i) => halfToFloat(bytes.readUInt16LE(secondStart + i * 2)))).toEqual([...f16]);
    expect(bytes.length % 64).toBe(0);
  });

  it('rejects tensors whose data does not match their shape, and bad alignments', () => {
    expect(() =>
      encodeGguf({ metadata: [], tensors: [{ name: 'x', shape: [4], type: 'F32', data: new Float32Array(3) }] }),
    ).toThrow(/needs 4 values, got 3/);
    expect(() => encodeGguf({ metadata: [{ key: 'general.alignment', type: 'u32', value: 12 }], tensors: [] })).toThrow(
      /multiple of 8/,
    );
    expect(() => encodeGguf({ metadata: [{ key: 'k', type: 'u32', value: 'x' as unknown as number }], tensors: [] })).toThrow(
      /expected a number/,
    );
  });

  it('uses 32-byte alignment when general.alignment is absent', () => {
    const bytes = encodeGguf({ metadata: [], tensors: [{ name: 'a', shape: [1], type: 'F32', data: new Float32Array([9]) }] });
    expect(bytes.length % 32).toBe(0);
    expect(bytes.readFloatLE(bytes.length - 32)).toBe(9);
  });
});
