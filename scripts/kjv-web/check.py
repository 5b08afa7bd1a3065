"""Reference outputs of the trained model, for write-gguf's check that llama.cpp runs the same model.

Usage: /usr/bin/python3 scripts/kjv-web/check.py OUT_DIR
Writes OUT_DIR/check.json: for a few texts (raw and in the chat template), the token ids the
Python tokenizer gives, and the model's greedy continuation from the float32 weights. Also prints
a quick look at held-out continuations in both styles.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spm  # noqa: E402
from model import Llama  # noqa: E402

TEXTS = [
    ("raw", "And Naomi said, Turn again, my daughters: why will ye go with me?"),
    ("raw", 'Naomi said, "Go back, my daughters. Why do you want to go with me?'),
    ("raw", "The council met on Tuesday to discuss the new bridge, and"),
    ("chat", "[INST] Then Jonah prayed to Yahweh, his God, out of the fish's belly. [/INST]"),
]


def load(out):
    manifest = json.load(open(os.path.join(out, "model.json")))
    model = Llama(manifest["config"])
    weights = open(os.path.join(out, "weights.bin"), "rb").read()
    params = dict(model.gguf_tensors())
    for entry in manifest["tensors"]:
        tensor = params[entry["name"]]
        count = tensor.numel()
        data = np.frombuffer(weights, dtype=np.float32, count=count, offset=entry["offset"])
        with torch.no_grad():
            tensor.copy_(torch.from_numpy(data.copy()).view_as(tensor))
    model.eval()
    return model, spm.Tokenizer(manifest["vocab"])


def greedy(model, ids, n):
    ids = list(ids)
    out = []
    with torch.no_grad():
        for _ in range(n):
            token = int(model(torch.tensor([ids]))[0, -1].argmax())
            ids.append(token)
            out.append(token)
    return out


def main(out):
    torch.set_num_threads(2)
    model, tok = load(out)
    cases = []
    for kind, text in TEXTS:
        ids = tok.encode(text)
        continuation = greedy(model, ids, 24)
        cases.append({"kind": kind, "text": text, "ids": ids, "greedy": continuation})
        print(f"[{kind}] {text}\n   => {tok.decode(continuation)}")
    json.dump({"cases": cases}, open(os.path.join(out, "check.json"), "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
