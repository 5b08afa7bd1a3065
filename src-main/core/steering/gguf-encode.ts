/**
 * Encodes the small GGUF v3 files steering writes: scalar metadata plus 1-D F32 tensors.
 * (Reading uses node-llama-cpp's GGUF parser; only writing needs code of our own.)
 *
 * Layout: "GGUF", version, tensor count (u64), metadata count (u64), key/values, tensor infos
 * (name, n_dims, dims as u64, type, offset from the data section), zero padding to the
 * alignment, then each tensor's data starting at an aligned offset.
 */

export type GgufScalar =
  | { type: 'string'; value: string }
  | { type: 'u32' | 'i32' | 'f32'; value: number }
  | { type: 'bool'; value: boolean };

export interface GgufVectorTensor {
  name: string;
  values: Float32Array;
}

const TYPE_CODE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8 } as const;
const GGML_TYPE_F32 = 0;
export const GGUF_ALIGNMENT = 32;

class Writer {
  private chunks: Buffer[] = [];
  length = 0;

  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    this.push(b);
  }
  i32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(value);
    this.push(b);
  }
  u64(value: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    this.push(b);
  }
  f32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    this.push(b);
  }
  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  padTo(alignment: number): void {
    const pad = (alignment - (this.length % alignment)) % alignment;
    if (pad > 0) this.push(Buffer.alloc(pad));
  }
  concat(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

function writeScalar(writer: Writer, entry: GgufScalar): void {
  writer.u32(TYPE_CODE[entry.type]);
  switch (entry.type) {
    case 'string':
      writer.string(entry.value);
      break;
    case 'u32':
      writer.u32(entry.value);
      break;
    case 'i32':
      writer.i32(entry.value);
      break;
    case 'f32':
      writer.f32(entry.value);
      break;
    case 'bool':
      writer.push(Buffer.from([entry.value ? 1 : 0]));
      break;
  }
}

function floatBytes(values: Float32Array): Buffer {
  const out = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) out.writeFloatLE(values[i], i * 4);
  return out;
}

export function encodeGguf(metadata: ReadonlyMap<string, GgufScalar>, tensors: readonly GgufVectorTensor[]): Buffer {
  const writer = new Writer();
  writer.push(Buffer.from('GGUF', 'ascii'));
  writer.u32(3);
  writer.u64(tensors.length);
  writer.u64(metadata.size);
  for (const [key, entry] of metadata) {
    writer.string(key);
    writeScalar(writer, entry);
  }
  let offset = 0;
  for (const tensor of tensors) {
    writer.string(tensor.name);
    writer.u32(1);
    writer.u64(tensor.values.length);
    writer.u32(GGML_TYPE_F32);
    writer.u64(offset);
    offset += Math.ceil((tensor.values.length * 4) / GGUF_ALIGNMENT) * GGUF_ALIGNMENT;
  }
  writer.padTo(GGUF_ALIGNMENT);
  for (const tensor of tensors) {
    writer.push(floatBytes(tensor.values));
    writer.padTo(GGUF_ALIGNMENT);
  }
  return writer.concat();
}
