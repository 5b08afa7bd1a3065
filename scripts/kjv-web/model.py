"""A llama-architecture transformer, written to match llama.cpp's LLM_ARCH_LLAMA graph exactly.

- RMSNorm before attention and before the feed-forward, and once more before the output.
- RoPE in llama.cpp's "normal" mode: it rotates adjacent pairs (x[2i], x[2i+1]), so the weights are
  exported as they are (the usual Hugging Face export permutes q/k because it rotates halves).
- Grouped-query attention: query head h reads key/value head h // (n_head / n_head_kv), as ggml's
  broadcasting does.
- SwiGLU feed-forward: down(silu(gate(x)) * up(x)). No biases; embeddings are not scaled.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope(x, base):
    _, _, t, d = x.shape
    inv = base ** (-torch.arange(0, d, 2, dtype=torch.float32) / d)
    angle = torch.arange(t, dtype=torch.float32)[:, None] * inv[None, :]
    cos, sin = angle.cos(), angle.sin()
    even, odd = x[..., 0::2], x[..., 1::2]
    return torch.stack((even * cos - odd * sin, even * sin + odd * cos), dim=-1).flatten(-2)


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        e, self.n_head, self.n_kv = c["n_embd"], c["n_head"], c["n_head_kv"]
        self.head_dim = e // self.n_head
        self.base = c["rope_freq_base"]
        self.attn_norm = RMSNorm(e, c["rms_eps"])
        self.attn_q = nn.Linear(e, e, bias=False)
        self.attn_k = nn.Linear(e, self.n_kv * self.head_dim, bias=False)
        self.attn_v = nn.Linear(e, self.n_kv * self.head_dim, bias=False)
        self.attn_output = nn.Linear(e, e, bias=False)
        self.ffn_norm = RMSNorm(e, c["rms_eps"])
        self.ffn_gate = nn.Linear(e, c["n_ff"], bias=False)
        self.ffn_up = nn.Linear(e, c["n_ff"], bias=False)
        self.ffn_down = nn.Linear(c["n_ff"], e, bias=False)

    def forward(self, x, mask):
        b, t, e = x.shape
        h = self.attn_norm(x)
        q = self.attn_q(h).view(b, t, self.n_head, self.head_dim).transpose(1, 2)
        k = self.attn_k(h).view(b, t, self.n_kv, self.head_dim).transpose(1, 2)
        v = self.attn_v(h).view(b, t, self.n_kv, self.head_dim).transpose(1, 2)
        q, k = rope(q, self.base), rope(k, self.base)
        group = self.n_head // self.n_kv
        k, v = k.repeat_interleave(group, dim=1), v.repeat_interleave(group, dim=1)
        scores = (q @ k.transpose(-1, -2)) * self.head_dim ** -0.5
        attention = scores.masked_fill(mask[:t, :t], float("-inf")).softmax(-1)
        x = x + self.attn_output((attention @ v).transpose(1, 2).reshape(b, t, e))
        h = self.ffn_norm(x)
        return x + self.ffn_down(F.silu(self.ffn_gate(h)) * self.ffn_up(h))


class Llama(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.config = c
        self.token_embd = nn.Embedding(c["vocab_size"], c["n_embd"])
        self.blocks = nn.ModuleList(Block(c) for _ in range(c["n_layer"]))
        self.output_norm = RMSNorm(c["n_embd"], c["rms_eps"])
        self.register_buffer("mask", torch.ones(c["context"], c["context"], dtype=torch.bool).triu(1), persistent=False)
        std = 0.02
        nn.init.normal_(self.token_embd.weight, std=std)
        for block in self.blocks:
            for linear in (block.attn_q, block.attn_k, block.attn_v, block.ffn_gate, block.ffn_up):
                nn.init.normal_(linear.weight, std=std)
            for linear in (block.attn_output, block.ffn_down):
                nn.init.normal_(linear.weight, std=std / (2 * c["n_layer"]) ** 0.5)

    def forward(self, ids):
        x = self.token_embd(ids)
        for block in self.blocks:
            x = block(x, self.mask)
        # The output matrix is the embedding matrix (tied); the export writes it as output.weight too.
        return self.output_norm(x) @ self.token_embd.weight.T

    def gguf_tensors(self):
        """(name, tensor) in GGUF naming; PyTorch's [out, in] layout is GGUF's [in, out] shape as stored."""
        yield "token_embd.weight", self.token_embd.weight
        yield "output_norm.weight", self.output_norm.weight
        yield "output.weight", self.token_embd.weight
        for i, block in enumerate(self.blocks):
            for name in ("attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate", "ffn_up", "ffn_down"):
                yield f"blk.{i}.{name}.weight", getattr(block, name).weight
