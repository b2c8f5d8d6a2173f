#!/usr/bin/env bash
# The installed package, not the checkout: build the sdist and from it the wheel, install it (non-editable) in a
# second fresh virtual environment, and run the main commands from a folder outside the
# checkout, so a missing piece of package data or a path relative to the source tree fails here.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# sdist first, then the wheel built from the sdist: both must carry corpora/ and seeds/
(cd "$repo" && python3 setup.py -q sdist -d "$work/sdist" 2>/dev/null)
tar tzf "$work"/sdist/bri-align-*.tar.gz > "$work/sdist.list"
grep -q "corpora/termbase/seed.yaml" "$work/sdist.list"
python3 -m pip wheel -q --no-deps "$work"/sdist/bri-align-*.tar.gz -w "$work/dist"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q "$work"/dist/bri_align-*.whl
cd "$work"
mkdir run && cd run
bin="$work/venv/bin"
set -x
"$bin/bri-align" --version
"$bin/bri-align" glossary validate
"$bin/bri-align" glossary export --format tbx --out g.tbx
test -s g.tbx
"$bin/bri-align" glossary build --out b
test -s b/data/terms/train-00000-of-00001.parquet
printf '推动共建「一带一路」从“大写意”转向“工笔画”\n' > in.zh
"$bin/bri-align" match --lang zh in.zh > match.out
grep -q 大写意 match.out
"$bin/bri-align" bench run --out bench
test -s bench/results.json
"$bin/python" - <<'PY'
import bri_align
g = bri_align.load_termbase()
assert len(g) > 200, len(g)
assert "site-packages" in bri_align.__file__, bri_align.__file__
src = ["推动共建“一带一路”从“大写意”转向“工笔画”。"]
hyp = ["Promote the joint construction of One Belt, One Road from big freehand brushwork."]
report = bri_align.qa_check(src, hyp)
assert report.counts["deprecated"] >= 1, report.counts
print("installed package OK:", bri_align.__file__, len(g), "entries", report.counts)
PY
set +x
echo "smoke test of the installed wheel: passed"
