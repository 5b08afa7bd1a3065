#!/usr/bin/env python3
"""Writes a llama-architecture GGUF with random Q8_0 weights, in pure Python (the GPU machine has
no Node, and numpy is not assumed): by default Mistral-7B-v0.2's shapes (n_embd 4096, n_ff 14336,
32 heads of 128 with 8 KV heads, vocabulary 32 000, RoPE base 1e6) with all 32 blocks, about
7.7 GB, so decode speed can be set against the memory bandwidth as on the real model. The output
is nonsense; the checks only need the shapes and the arithmetic.

    make_model.py OUT.gguf [--blocks 32] [--embd 4096] [--ff 14336] [--heads 32] [--kv-heads 8] [--vocab 32000]

Q8_0 stores 32 weights as an f16 scale then 32 int8 values (34 bytes): the bytes are random and
every scale is set with one extended-slice assignment per chunk, so writing runs at disk speed.
"""
import argparse
import os
import struct

GGUF_MAGIC = b"GGUF"
ALIGN = 32
T_U32, T_I32, T_F32, T_STRING, T_ARRAY = 4, 5, 6, 8, 9
GGML_F32, GGML_Q8_0 = 0, 8


def gguf_string(text):
    data = text.encode("utf-8")
    return struct.pack("<Q", len(data)) + data


def kv(key, kind, value):
    out = gguf_string(key) + struct.pack("<I", kind)
    if kind == T_U32:
        return out + struct.pack("<I", value)
    if kind == T_I32:
        return out + struct.pack("<i", value)
    if kind == T_F32:
        return out + struct.pack("<f", value)
    if kind == T_STRING:
        return out + gguf_string(value)
    raise ValueError(kind)


def kv_array(key, elem_kind, values):
    out = gguf_string(key) + struct.pack("<IIQ", T_ARRAY, elem_kind, len(values))
    if elem_kind == T_STRING:
        return out + b"".join(gguf_string(v) for v in values)
    fmt = {T_F32: "<f", T_I32: "<i"}[elem_kind]
    return out + b"".join(struct.pack(fmt, v) for v in values)


def f16_bits(x):
    return struct.unpack("<H", struct.pack("<e", x))[0]


def vocab(size):
    tokens = ["<unk>", "<s>", "</s>"] + ["<0x%02X>" % b for b in range(256)]
    types = [2, 3, 3] + [6] * 256
    while len(tokens) < size:
        tokens.append("\u2581w%d" % len(tokens))
        types.append(1)
    scores = [0.0] * 3 + [-1000.0] * 256 + [-float(i) for i in range(size - 259)]
    return tokens, scores, types


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--blocks", type=int, default=32)
    parser.add_argument("--embd", type=int, default=4096)
    parser.add_argument("--ff", type=int, default=14336)
    parser.add_argument("--heads", type=int, default=32)
    parser.add_argument("--kv-heads", type=int, default=8)
    parser.add_argument("--vocab", type=int, default=32000)
    a = parser.parse_args()
    head_dim = a.embd // a.heads
    kv_dim = head_dim * a.kv_heads

    tensors = []  # (name, shape ne0-first, type, std)
    tensors.append(("token_embd.weight", [a.embd, a.vocab], GGML_Q8_0, 1.0))
    for i in range(a.blocks):
        p = "blk.%d." % i
        tensors += [
            (p + "attn_norm.weight", [a.embd], GGML_F32, None),
            (p + "attn_q.weight", [a.embd, a.embd], GGML_Q8_0, a.embd ** -0.5),
            (p + "attn_k.weight", [a.embd, kv_dim], GGML_Q8_0, a.embd ** -0.5),
            (p + "attn_v.weight", [a.embd, kv_dim], GGML_Q8_0, a.embd ** -0.5),
            (p + "attn_output.weight", [a.embd, a.embd], GGML_Q8_0, a.embd ** -0.5 / a.blocks),
            (p + "ffn_norm.weight", [a.embd], GGML_F32, None),
            (p + "ffn_gate.weight", [a.embd, a.ff], GGML_Q8_0, a.embd ** -0.5),
            (p + "ffn_up.weight", [a.embd, a.ff], GGML_Q8_0, a.embd ** -0.5),
            (p + "ffn_down.weight", [a.ff, a.embd], GGML_Q8_0, a.ff ** -0.5 / a.blocks),
        ]
    tensors.append(("output_norm.weight", [a.embd], GGML_F32, None))
    tensors.append(("output.weight", [a.embd, a.vocab], GGML_Q8_0, a.embd ** -0.5))

    def nbytes(shape, kind):
        count = 1
        for d in shape:
            count *= d
        return count * 4 if kind == GGML_F32 else count // 32 * 34

    tokens, scores, types = vocab(a.vocab)
    meta = [
        kv("general.architecture", T_STRING, "llama"),
        kv("general.name", T_STRING, "Steerling GPU check (Mistral-7B-v0.2 shapes, random Q8_0)"),
        kv("general.file_type", T_U32, 7),
        kv("llama.context_length", T_U32, 32768),
        kv("llama.embedding_length", T_U32, a.embd),
        kv("llama.block_count", T_U32, a.blocks),
        kv("llama.feed_forward_length", T_U32, a.ff),
        kv("llama.attention.head_count", T_U32, a.heads),
        kv("llama.attention.head_count_kv", T_U32, a.kv_heads),
        kv("llama.rope.dimension_count", T_U32, head_dim),
        kv("llama.rope.freq_base", T_F32, 1e6),
        kv("llama.attention.layer_norm_rms_epsilon", T_F32, 1e-5),
        kv("tokenizer.ggml.model", T_STRING, "llama"),
        kv_array("tokenizer.ggml.tokens", T_STRING, tokens),
        kv_array("tokenizer.ggml.scores", T_F32, scores),
        kv_array("tokenizer.ggml.token_type", T_I32, types),
        kv("tokenizer.ggml.bos_token_id", T_U32, 1),
        kv("tokenizer.ggml.eos_token_id", T_U32, 2),
        kv("tokenizer.ggml.unknown_token_id", T_U32, 0),
    ]
    infos = []
    offset = 0
    for name, shape, kind, _ in tensors:
        infos.append(gguf_string(name) + struct.pack("<I", len(shape)) + b"".join(struct.pack("<Q", d) for d in shape)
                     + struct.pack("<IQ", kind, offset))
        offset += (nbytes(shape, kind) + ALIGN - 1) // ALIGN * ALIGN
    header = GGUF_MAGIC + struct.pack("<IQQ", 3, len(tensors), len(meta)) + b"".join(meta) + b"".join(infos)
    tmp = a.out + ".part"
    with open(tmp, "wb") as f:
        f.write(header)
        f.write(b"\0" * ((-len(header)) % ALIGN))
        for name, shape, kind, std in tensors:
            size = nbytes(shape, kind)
            if kind == GGML_F32:
                f.write(struct.pack("<f", 1.0) * (size // 4))
            else:
                # A uniform int8 has standard deviation ~73.9; the scale turns it into `std`.
                bits = f16_bits(std / 73.9)
                lo, hi = bytes([bits & 0xFF]), bytes([bits >> 8])
                chunk_blocks = (64 << 20) // 34
                left = size // 34
                while left:
                    n = min(left, chunk_blocks)
                    buf = bytearray(os.urandom(n * 34))
                    buf[0::34] = lo * n
                    buf[1::34] = hi * n
                    f.write(buf)
                    left -= n
            f.write(b"\0" * ((-size) % ALIGN))
    os.replace(tmp, a.out)
    print("wrote %s (%.2f GB, %d blocks)" % (a.out, os.path.getsize(a.out) / 1e9, a.blocks))


if __name__ == "__main__":
    main()
