"""Extract the King James (engKJV2006eb) and World English (engWEB2015eb) Bibles verse by verse.

Writes a TSV (book, chapter, verse, kjv, web) of the verses both versions have. The two dumps need
different repairs, found by reading them:
- WEB's plain output glues words where a footnote was removed ("Godcreated"); its OSIS output marks
  each word as <w>…</w>, so adjacent word elements get a space between them.
- Psalm headings are repeated before every verse of the psalm (on the marker's line in WEB, on the
  line above in KJV): text that precedes a verse marker is a heading, not verse text.
- KJV marks paragraphs with a pilcrow and supplied words with brackets; WEB uses curly quotes. Both are normalised to plain ASCII
  punctuation so that the style difference the model learns is wording, not typography.
"""
import re
import subprocess
import sys

MARKER = re.compile(r"((?:I{1,3} )?[A-Z][a-z]+(?: of [A-Z][a-z]+)?) (\d+):(\d+): ")
TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": " - ",
                            "\u2013": "-", "\u00b6": " ", "[": "", "]": "", "\\": "",
                            "\u00c6": "Ae", "\u00e6": "ae"})


def dump(module, fmt):
    out = subprocess.run(["diatheke", "-b", module, "-f", fmt, "-k", "Gen 1:1-Rev 22:21"],
                         check=True, capture_output=True, text=True).stdout
    return out


def strip_osis(line):
    line = re.sub(r"</w>\s*<w[^>]*>", "</w> <w>", line)
    line = re.sub(r"<note[^>]*>.*?</note>", "", line)
    return re.sub(r"<[^>]+>", "", line)


def verses(text, osis):
    """Yields ((book, chapter, verse), text) in order."""
    key, parts = None, []
    for raw in text.splitlines():
        line = strip_osis(raw) if osis else raw
        match = MARKER.search(line)
        if match is None:
            # A line without a marker is either a heading above the next verse or the verse going on;
            # headings are recognised when the next marker arrives (see below), so keep it for now.
            if line.strip():
                parts.append(("pending", line))
            continue
        if key is not None:
            yield key, clean(" ".join(p for kind, p in parts if kind == "text"))
        # Pending lines directly above a marker are a heading; pending lines between two verse lines
        # with text after them would be continuations, which these modules do not have.
        key = (match.group(1), int(match.group(2)), int(match.group(3)))
        parts = [("text", line[match.end():])]
    if key is not None:
        yield key, clean(" ".join(p for kind, p in parts if kind == "text"))


def clean(text):
    text = text.translate(TYPOGRAPHY)
    text = re.sub(r"\s+", " ", text).strip()
    return text


def main(out_path):
    kjv = dict(verses(dump("engKJV2006eb", "plain"), osis=False))
    web = dict(verses(dump("engWEB2015eb", "OSIS"), osis=True))
    kjv.pop(None, None)
    rows = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for key, old in kjv.items():
            new = web.get(key)
            if not old or not new or old.startswith("(") or new.startswith("("):
                continue
            # A verse one version renders three times longer is not a pair: WEB's last verse carries
            # the glossary, and two verses are textual variants (Romans 14:23, 1 John 5:7).
            if not 1 / 3 < len(old) / len(new) < 3:
                continue
            out.write(f"{key[0]}\t{key[1]}\t{key[2]}\t{old}\t{new}\n")
            rows += 1
    print(f"{rows} aligned verses (KJV {len(kjv)}, WEB {len(web)}) -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
