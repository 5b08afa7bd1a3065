"""Writes tests/fixtures/kjv-web/prompts.json: held-out prompts, steering pairs and the few-shot context.

Usage: python3 scripts/kjv-web/fixtures.py VERSES_TSV OUT_JSON
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402


def main(tsv, out):
    train, held = corpus.split(corpus.load(tsv))
    fixture = {
        "heldOutBooks": list(corpus.HELD_OUT_BOOKS),
        "prompts": corpus.test_prompts(held),
        "pairs": corpus.steering_pairs(train),
        "fewShot": corpus.few_shot_context(train),
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(fixture, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
