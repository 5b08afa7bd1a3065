"""Trains the King James / modern English test model. Never run by CI: `bash scripts/kjv-web/build.sh`.

Usage: /usr/bin/python3 scripts/kjv-web/train.py OUT_DIR [--steps N]
Writes OUT_DIR/model.json (settings, vocabulary, tensor table) and OUT_DIR/weights.bin (float32),
which scripts/kjv-web/write-gguf.ts turns into the GGUF fixture.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
import spm  # noqa: E402
from model import Llama  # noqa: E402

SETTINGS = {
    "seed": 1611,
    "vocab_size": 4096,
    "model": {"n_embd": 192, "n_layer": 6, "n_head": 4, "n_head_kv": 2, "n_ff": 512,
              "rope_freq_base": 10000.0, "rms_eps": 1e-5, "context": 512},
    # (from step, sequence length, batch): short windows first, where most of the learning happens
    # cheaply, then the full context so that positions up to 512 (a summary prompt) are trained too.
    "schedule": [[0, 256, 12], [650, 512, 6]],
    "steps": 800,
    "learning_rate": 2e-3,
    "warmup_steps": 60,
    "final_lr_fraction": 0.1,
    "weight_decay": 0.1,
    "grad_clip": 1.0,
    # Share of training sequences that are chats ("[INST] verses [/INST] next verses"), so that the
    # model answers inside Steerling's chat template too, in the style of the verses it was given.
    "chat_share": 0.2,
    "threads": 2,
}


class Batches:
    def __init__(self, tok, rows, settings):
        self.tok = tok
        self.rng = random.Random(settings["seed"])
        self.context = settings["model"]["context"]
        self.chat_share = settings["chat_share"]
        # Per version (3 = King James, 4 = modern), the token ids of each verse with its leading space.
        self.verses = {col: [tok.encode(r[col], bos=False) for r in rows] for col in (3, 4)}
        self.texts = {col: [r[col] for r in rows] for col in (3, 4)}

    def stream(self, col):
        verses = self.verses[col]
        i = self.rng.randrange(len(verses))
        ids = [self.tok.bos]
        while len(ids) < self.context + 1:
            ids.extend(verses[i % len(verses)])
            i += 1
        return ids[: self.context + 1]

    def chat(self, col):
        texts, verses = self.texts[col], self.verses[col]
        ids = []
        while len(ids) < self.context + 1:
            i = self.rng.randrange(len(texts) - 6)
            asked, answered = self.rng.randint(1, 3), self.rng.randint(1, 3)
            prompt = " ".join(texts[i: i + asked])
            ids.append(self.tok.bos)
            ids.extend(self.tok.encode(f"[INST] {prompt} [/INST]", bos=False))
            for j in range(i + asked, i + asked + answered):
                ids.extend(verses[j])
            ids.append(self.tok.eos)
        return ids[: self.context + 1]

    def next(self, batch, context):
        self.context = context
        rows = []
        for _ in range(batch):
            col = 3 if self.rng.random() < 0.5 else 4
            rows.append(self.chat(col) if self.rng.random() < self.chat_share else self.stream(col))
        return torch.tensor(rows, dtype=torch.long)


def held_out_loss(model, tok, held, col, context):
    """Mean next-token loss over the held-out books read as one stream per version."""
    ids = [tok.bos]
    for r in held:
        ids.extend(tok.encode(r[col], bos=False))
    total, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(ids) - 1, context):
            chunk = torch.tensor([ids[start: start + context + 1]])
            if chunk.shape[1] < 2:
                break
            logits = model(chunk[:, :-1])
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), chunk[:, 1:].reshape(-1), reduction="sum")
            total += loss.item()
            count += chunk.shape[1] - 1
    return total / count


def greedy(model, tok, text, n=40):
    ids = tok.encode(text)
    with torch.no_grad():
        for _ in range(n):
            logits = model(torch.tensor([ids[-model.config["context"]:]]))[0, -1]
            ids.append(int(logits.argmax()))
    return tok.decode(ids[len(tok.encode(text)):])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--steps", type=int, default=SETTINGS["steps"])
    args = parser.parse_args()
    settings = dict(SETTINGS, steps=args.steps)
    torch.set_num_threads(int(os.environ.get("THREADS", settings["threads"])))
    torch.manual_seed(settings["seed"])
    os.makedirs(args.out, exist_ok=True)

    tsv = os.path.join(args.out, "verses.tsv")
    if not os.path.exists(tsv):
        import extract
        extract.main(tsv)
    rows = corpus.load(tsv)
    train, held = corpus.split(rows)
    vocab = spm.learn([r[3] for r in train] + [r[4] for r in train], settings["vocab_size"])
    tok = spm.Tokenizer(vocab)
    config = dict(settings["model"], vocab_size=len(vocab["tokens"]))
    model = Llama(config)
    params = sum(p.numel() for p in model.parameters())
    print(f"{params / 1e6:.2f}M parameters, {len(train)} training verses, {len(held)} held out", flush=True)

    batches = Batches(tok, train, settings)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": settings["weight_decay"]},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=settings["learning_rate"], betas=(0.9, 0.95))

    def lr_at(step):
        if step < settings["warmup_steps"]:
            return settings["learning_rate"] * (step + 1) / settings["warmup_steps"]
        progress = (step - settings["warmup_steps"]) / max(1, settings["steps"] - settings["warmup_steps"])
        floor = settings["final_lr_fraction"]
        return settings["learning_rate"] * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress)))

    started = time.time()
    tokens = 0
    log = []
    for step in range(settings["steps"]):
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step)
        _, context, size = [entry for entry in settings["schedule"] if entry[0] <= step][-1]
        batch = batches.next(size, context)
        logits = model(batch[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), settings["grad_clip"])
        optimizer.step()
        tokens += batch.numel() - batch.shape[0]
        if step % int(os.environ.get("LOG_EVERY", 50)) == 0 or step == settings["steps"] - 1:
            elapsed = time.time() - started
            print(f"step {step} loss {loss.item():.3f} lr {lr_at(step):.2e} {tokens / elapsed:.0f} tok/s {elapsed / 60:.1f} min", flush=True)
            log.append({"step": step, "loss": round(loss.item(), 4)})
        if (step + 1) % 250 == 0 or step == settings["steps"] - 1:
            export(model, vocab, settings, config, log, time.time() - started, args.out, held, tok)
    for text in (held[0][3], held[0][4]):
        print(text, "=>", greedy(model, tok, text), flush=True)


def export(model, vocab, settings, config, log, seconds, out, held, tok):
    model.eval()
    losses = {style: round(held_out_loss(model, tok, held, col, config["context"]), 4) for style, col in (("kjv", 3), ("web", 4))}
    model.train()
    tensors, offset = [], 0
    with open(os.path.join(out, "weights.bin.tmp"), "wb") as f:
        for name, tensor in model.gguf_tensors():
            data = tensor.detach().to(torch.float32).contiguous().numpy().tobytes()
            # GGUF lists dimensions innermost first: PyTorch [out, in] is GGUF [in, out].
            tensors.append({"name": name, "shape": list(reversed(tensor.shape)), "offset": offset})
            f.write(data)
            offset += len(data)
    os.replace(os.path.join(out, "weights.bin.tmp"), os.path.join(out, "weights.bin"))
    manifest = {"settings": settings, "config": config, "held_out_books": list(corpus.HELD_OUT_BOOKS),
                "held_out_loss": losses, "held_out_perplexity": {k: round(math.exp(v), 2) for k, v in losses.items()},
                "training_seconds": round(seconds), "loss_log": log, "vocab": vocab, "tensors": tensors}
    with open(os.path.join(out, "model.json"), "w") as f:
        json.dump(manifest, f)
    print(f"exported: held-out loss {losses}", flush=True)


if __name__ == "__main__":
    main()
