#!/usr/bin/env bash
# Rebuilds the King James / modern test model (tests/fixtures/kjv-web/) from Debian's Bibles.
# Never run by CI or `npm test`: about 25 minutes on two CPU cores. Needs the Debian packages
# sword-text-kjv, sword-text-web, diatheke, python3-torch and python3-numpy, and (for speed) an
# optimised BLAS such as libopenblas0-openmp: PyTorch from Debian is built against the generic
# BLAS interface and runs about 30 times slower on the reference implementation.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-tests/.tmp/kjv-web}
python=/usr/bin/python3 # Debian's Python, where python3-torch lives
mkdir -p "$out"
"$python" scripts/kjv-web/extract.py "$out/verses.tsv"
"$python" scripts/kjv-web/train.py "$out"
"$python" scripts/kjv-web/check.py "$out"
"$python" scripts/kjv-web/fixtures.py "$out/verses.tsv" tests/fixtures/kjv-web/prompts.json
npx tsx scripts/kjv-web/write-gguf.ts "$out"
npx tsx scripts/kjv-web/verify.ts "$out"
