#!/usr/bin/env bash
# translate-toolkit (GPL; never a bri_align dependency) reads the tbx2 export with every entry.
# It is installed in a throwaway virtual environment of its own; bri-align is the caller's.
# Usage: .ci/check_tbx2.sh BRI_ALIGN_EXECUTABLE
set -euo pipefail
bri="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bri" glossary export --format tbx2 --out "$work/glossary.tbx"
expected=$(grep -c "<termEntry" "$work/glossary.tbx")
python3 -m venv "$work/tt"
if ! "$work/tt/bin/pip" install -q translate-toolkit >/dev/null 2>&1; then
  echo "check_tbx2: translate-toolkit could not be installed here; tbx2 check skipped" >&2
  exit 0
fi
"$work/tt/bin/python" - "$work/glossary.tbx" "$expected" <<'PY'
import sys
from translate.storage import tbx
store = tbx.tbxfile.parsefile(sys.argv[1])
units = [u for u in store.units if not u.isheader()]
expected = int(sys.argv[2])
assert len(units) == expected, f"translate-toolkit read {len(units)} of {expected} entries"
assert all(u.source and u.target for u in units), "an entry without source or target"
print(f"check_tbx2: translate-toolkit read all {len(units)} entries of the tbx2 export "
      f"(first: {units[0].source} -> {units[0].target})")
PY
