"""A SentencePiece-style vocabulary learned by byte-pair merging, and llama.cpp's SPM tokenizer.

The vocabulary is written into the GGUF as `tokenizer.ggml.model = llama`, so llama.cpp tokenizes
with its SPM algorithm: start from UTF-8 characters, repeatedly merge the adjacent pair whose
concatenation is a vocabulary piece with the highest score (leftmost on ties), then fall back to
byte tokens for characters outside the vocabulary. Training must see exactly the ids llama.cpp will
produce, so `Tokenizer.encode` implements that algorithm, not a BPE merge list.

Scores are minus the merge rank, as SentencePiece's own BPE models store them: earlier (more
frequent) merges win. Pieces never cross a word start (▁) and never join letters with punctuation.
"""
import collections
import heapq
import re

SPACE = "\u2581"
UNK, BOS, EOS = "<unk>", "<s>", "</s>"
TOKEN_TYPE_NORMAL, TOKEN_TYPE_UNKNOWN, TOKEN_TYPE_CONTROL, TOKEN_TYPE_BYTE = 1, 2, 3, 6
# A learning unit: an optional word start, then a run of letters (with apostrophes) or one other character.
UNIT = re.compile(SPACE + r"?[A-Za-z']+|" + SPACE + r"?[^A-Za-z'" + SPACE + r"]|" + SPACE)


def escape(text, space_prefix=True):
    """llama.cpp's SPM preprocessing: a leading space (at the start of the text), spaces as ▁."""
    return ((" " if space_prefix else "") + text).replace(" ", SPACE)


def learn(texts, vocab_size, min_char_count=10):
    """Learns pieces from `texts` (plain strings) until the vocabulary has `vocab_size` entries."""
    units = collections.Counter()
    for text in texts:
        units.update(UNIT.findall(escape(text)))
    chars = collections.Counter()
    for unit, count in units.items():
        for ch in unit:
            chars[ch] += count
    alphabet = sorted(ch for ch, count in chars.items() if count >= min_char_count)
    fixed = [UNK, BOS, EOS] + [f"<0x{b:02X}>" for b in range(256)] + alphabet
    budget = vocab_size - len(fixed)
    if budget <= 0:
        raise ValueError("vocab_size leaves no room for merged pieces")

    words = [list(unit) for unit in units]
    counts = list(units.values())
    pair_count = collections.Counter()
    pair_words = collections.defaultdict(set)
    for index, symbols in enumerate(words):
        for pair in zip(symbols, symbols[1:]):
            pair_count[pair] += counts[index]
            pair_words[pair].add(index)

    merges = []
    known = set(fixed)
    while len(merges) < budget and pair_count:
        # Most frequent pair; ties broken by the pair's text so the result is deterministic.
        (left, right), best = max(pair_count.items(), key=lambda item: (item[1], item[0]))
        if best < 2:
            break
        merged = left + right
        if merged not in known:
            merges.append(merged)
            known.add(merged)
        for index in list(pair_words.get((left, right), ())):
            symbols = words[index]
            for pair in zip(symbols, symbols[1:]):
                pair_count[pair] -= counts[index]
                pair_words[pair].discard(index)
                if pair_count[pair] <= 0:
                    del pair_count[pair]
            out, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
                    out.append(merged)
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            words[index] = out
            for pair in zip(out, out[1:]):
                pair_count[pair] += counts[index]
                pair_words[pair].add(index)
        pair_count.pop((left, right), None)
        pair_words.pop((left, right), None)

    tokens, scores, types = [], [], []
    for piece in [UNK, BOS, EOS]:
        tokens.append(piece)
        scores.append(0.0)
        types.append(TOKEN_TYPE_UNKNOWN if piece == UNK else TOKEN_TYPE_CONTROL)
    for b in range(256):
        tokens.append(f"<0x{b:02X}>")
        scores.append(0.0)
        types.append(TOKEN_TYPE_BYTE)
    for ch in alphabet:
        tokens.append(ch)
        scores.append(-1e6)
        types.append(TOKEN_TYPE_NORMAL)
    for rank, piece in enumerate(merges):
        tokens.append(piece)
        scores.append(-float(rank))
        types.append(TOKEN_TYPE_NORMAL)
    return {"tokens": tokens, "scores": scores, "types": types}


class Tokenizer:
    def __init__(self, vocab):
        self.tokens = vocab["tokens"]
        self.scores = vocab["scores"]
        self.ids = {piece: i for i, piece in enumerate(self.tokens)}
        self.bos, self.eos = self.ids[BOS], self.ids[EOS]
        self.byte_ids = [self.ids[f"<0x{b:02X}>"] for b in range(256)]
        self.cache = {}

    def encode(self, text, bos=True, space_prefix=True):
        ids = [self.bos] if bos else []
        escaped = escape(text, space_prefix)
        # No piece contains ▁ after its first character, so words tokenize independently.
        for word in re.findall(SPACE + r"*[^" + SPACE + "]*", escaped):
            if word:
                ids.extend(self._word(word))
        return ids

    def _word(self, word):
        hit = self.cache.get(word)
        if hit is None:
            hit = self.cache[word] = self._spm(word)
        return hit

    def _spm(self, text):
        symbols = list(text)  # one symbol per character; UTF-8 handled at the byte fallback
        n = len(symbols)
        alive = [True] * n
        nxt = list(range(1, n)) + [-1]
        prv = list(range(-1, n - 1))
        heap = []

        def push(left, right):
            if left < 0 or right < 0:
                return
            merged = symbols[left] + symbols[right]
            token = self.ids.get(merged)
            if token is None:
                return
            # Highest score first, then the leftmost pair (llama.cpp's comparator).
            heapq.heappush(heap, (-self.scores[token], left, right, len(merged)))

        for i in range(1, n):
            push(i - 1, i)
        while heap:
            _, left, right, size = heapq.heappop(heap)
            if not alive[left] or not alive[right] or nxt[left] != right:
                continue
            if len(symbols[left]) + len(symbols[right]) != size:
                continue
            symbols[left] = symbols[left] + symbols[right]
            alive[right] = False
            nxt[left] = nxt[right]
            if nxt[right] >= 0:
                prv[nxt[right]] = left
            push(prv[left], left)
            push(left, nxt[left])
        out, i = [], 0
        while i != -1:
            piece = symbols[i]
            token = self.ids.get(piece)
            if token is not None:
                out.append(token)
            else:
                out.extend(self.byte_ids[b] for b in piece.encode("utf-8"))
            i = nxt[i]
        return out

    def decode(self, ids):
        pieces = []
        for i in ids:
            piece = self.tokens[i]
            if piece in (BOS, EOS, UNK):
                continue
            pieces.append(piece)
        return "".join(pieces).replace(SPACE, " ")
