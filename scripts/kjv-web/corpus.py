"""The aligned corpus, split into training verses and held-out books, and the fixture's prompts and pairs."""
import csv
import json
import random
import re

# Words that mark King James English (a subset of the app's archaic lexicon, plus -eth verbs).
ARCHAIC = re.compile(r"\b(thou|thee|thy|thine|ye|unto|hath|doth|hast|dost|shalt|wilt|saith|spake|\w+eth)\b", re.I)

# Whole books kept out of training: the test prompts come from these, so a steered continuation is
# never a memorised verse. About 1% of the verses, from both testaments and several genres.
HELD_OUT_BOOKS = ("Ruth", "Jonah", "Philippians", "James")


def load(tsv_path):
    """[(book, chapter, verse, kjv, web)] in canonical order."""
    with open(tsv_path, encoding="utf-8") as f:
        return [(b, int(c), int(v), kjv, web) for b, c, v, kjv, web in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]


def split(rows):
    train = [r for r in rows if r[0] not in HELD_OUT_BOOKS]
    held = [r for r in rows if r[0] in HELD_OUT_BOOKS]
    return train, held


def reference(row):
    return f"{row[0]} {row[1]}:{row[2]}"


def test_prompts(held, count=100, seed=7):
    """`count` prompts of two consecutive held-out verses (same chapter), the same verses in both styles."""
    starts = [i for i in range(len(held) - 1) if held[i][:2] == held[i + 1][:2]]
    chosen = sorted(random.Random(seed).sample(starts, count))
    return [{"reference": reference(held[i]), "kjv": f"{held[i][3]} {held[i + 1][3]}", "web": f"{held[i][4]} {held[i + 1][4]}"} for i in chosen]


def steering_pairs(train, count=64, seed=11, min_words=8, max_words=24):
    """Verse pairs for steering vectors: the King James and modern wording of one training verse,
    of moderate length, where the King James side has an archaic marker and the modern side has
    none (a verse both versions render alike carries no style to steer with)."""
    candidates = [r for r in train if min_words <= len(r[3].split()) <= max_words
                  and ARCHAIC.search(r[3]) and not ARCHAIC.search(r[4])]
    chosen = random.Random(seed).sample(candidates, count)
    return [{"reference": reference(r), "positive": r[3], "negative": r[4]} for r in chosen]


def few_shot_context(train, count=3, seed=13):
    """King James verses placed before a modern prompt: the 'prompted' baseline of the tests."""
    candidates = [r for r in train if 10 <= len(r[3].split()) <= 30]
    return " ".join(r[3] for r in random.Random(seed).sample(candidates, count))


if __name__ == "__main__":
    import sys
    rows = load(sys.argv[1])
    train, held = split(rows)
    print(json.dumps({"train": len(train), "held": len(held)}))
