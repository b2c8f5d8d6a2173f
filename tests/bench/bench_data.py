"""Data for the benchmark tests: a five-segment policy test set written by the project for its tests."""

from __future__ import annotations

import json
from pathlib import Path

# (id, doc, subset, zh, en, [(entry_id, zh term, en rendering in the reference)])
SEGMENTS = [
    ("seed-p01-s1", "seed-doc", "seed", "共建“一带一路”是大写意。", "Belt and Road cooperation is painted in broad strokes.",
     [("joint-bri", "共建“一带一路”", "Belt and Road cooperation"), ("big-freehand", "大写意", "broad strokes")]),
    ("seed-p02-s1", "seed-doc", "seed", "一带一路倡议和亚投行。", "The Belt and Road Initiative and the AIIB.",
     [("belt-and-road-initiative", "一带一路", "Belt and Road Initiative"), ("aiib", "亚投行", "AIIB")]),
    ("seed-p03-s1", "seed-doc", "seed", "小而美的项目要走出去。", "Small yet smart projects should go global.",
     [("small-and-smart", "小而美", "Small yet smart"), ("going-global", "走出去", "go global")]),
    ("gen-0001", "gen-doc", "general", "工笔画和一带一路。", "Fine brushwork and the Belt and Road Initiative.",
     [("meticulous", "工笔画", "Fine brushwork"), ("belt-and-road-initiative", "一带一路", "Belt and Road Initiative")]),
    ("gen-0002", "gen-doc", "general", "一帶一路合作。", "Belt and Road Initiative cooperation.",
     [("belt-and-road-initiative", "一帶一路", "Belt and Road Initiative")]),
]

SEED_MT = {
    "seed-p01-s1": "Joint construction of the Belt and Road is a big freehand brushwork.",
    "seed-p02-s1": "The One Belt, One Road initiative and the AIIB.",
    "seed-p03-s1": "Small but beautiful projects should go global.",
}


def segment_rows():
    rows = []
    for sid, doc, subset, zh, en, terms in SEGMENTS:
        anns = []
        for eid, zt, et in terms:
            zs, es = zh.index(zt), en.index(et)
            anns.append({"entry_id": eid, "zh": zt, "zh_start": zs, "zh_end": zs + len(zt), "en": et,
                         "en_start": es, "en_end": es + len(et)})
        rows.append({"id": sid, "doc": doc, "subset": subset, "zh": zh, "en": en, "terms": anns,
                     "provenance": "written by the bri_align project for its tests"})
    return rows


def write_jsonl(path: Path, rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path
