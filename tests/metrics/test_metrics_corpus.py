"""BLEU, chrF++ and TER equal the sacrebleu command line on the same files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bri_align._version import __version__
from bri_align.errors import InputError
from bri_align.metrics import corpus_scores

REFS = [
    "The Belt and Road Initiative is an important platform for international cooperation.",
    "High-quality Belt and Road cooperation must become more systematic.",
    "We will promote green development and innovation.",
    "China will expand high-standard opening up.",
    "Small yet smart projects benefit local people.",
    "A dog.",
]
HYPS = [
    "The \"One Belt, One Road\" is an important platform of international cooperation.",
    "High-quality joint construction of the Belt and Road must enhance systematization.",
    "We will promote green development and innovation.",
    "China will expand high-level opening up to the outside world.",
    "Small but beautiful projects benefit the local people.",
    "The dog.",
]

SACREBLEU = Path(sys.executable).parent / "sacrebleu"


def _cli(tmp_path, *extra):
    if not SACREBLEU.exists():
        pytest.skip(f"sacrebleu command not found next to {sys.executable}")
    ref = tmp_path / "ref.txt"
    hyp = tmp_path / "hyp.txt"
    ref.write_text("\n".join(REFS) + "\n", encoding="utf-8")
    hyp.write_text("\n".join(HYPS) + "\n", encoding="utf-8")
    cmd = [str(SACREBLEU), str(ref), "-i", str(hyp), "-m", "bleu", "chrf", "ter", "--chrf-word-order", "2",
           "-w", "4", "--format", "json", *extra]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return {d["name"]: d for d in json.loads(out.stdout)}


def test_scores_equal_the_sacrebleu_cli(tmp_path):
    cli = _cli(tmp_path)
    ours = corpus_scores(hypotheses=HYPS, references=REFS, n_bootstrap=0)
    assert round(ours["bleu"].score, 4) == cli["BLEU"]["score"]
    assert round(ours["chrf"].score, 4) == cli["chrF2++"]["score"]
    assert round(ours["ter"].score, 4) == cli["TER"]["score"]
    # sacrebleu's own signature is kept verbatim as the value of "sacrebleu:"; ours adds the library version
    tail = f"|bri_align:{__version__}"
    assert ours["bleu"].signature == "BLEU|sacrebleu:" + cli["BLEU"]["signature"] + tail
    assert ours["chrf"].signature == "chrF2++|sacrebleu:" + cli["chrF2++"]["signature"] + tail
    assert ours["ter"].signature == "TER|sacrebleu:" + cli["TER"]["signature"] + tail
    assert ours["bleu"].ci is None and ours["bleu"].n == len(REFS)


def test_confidence_intervals_equal_the_sacrebleu_cli(tmp_path):
    cli = _cli(tmp_path, "--confidence", "--confidence-n", "1000")
    ours = corpus_scores(hypotheses=HYPS, references=REFS, n_bootstrap=1000)
    for short, name in (("bleu", "BLEU"), ("chrf", "chrF2++"), ("ter", "TER")):
        m = ours[short]
        assert round(m.ci_mean, 4) == pytest.approx(cli[name]["confidence_mean"], abs=1e-4)
        assert round(m.ci_half_width, 4) == pytest.approx(cli[name]["confidence_var"], abs=1e-4)
        assert "bs:1000" in m.signature and "seed:12345" in m.signature  # signature taken after scoring
        low, high = m.ci
        assert low < high


def test_bleu_details_and_dict_roundtrip():
    from bri_align.metrics import MetricScore

    m = corpus_scores(hypotheses=HYPS, references=REFS, metrics=("bleu",), n_bootstrap=0)["bleu"]
    assert len(m.details["counts"]) == 4 and m.details["ref_len"] > 0
    again = MetricScore.from_dict(m.to_dict())
    assert again.score == pytest.approx(m.score) and again.signature == m.signature


def test_chinese_targets_use_the_zh_tokenizer():
    m = corpus_scores(hypotheses=["一带一路合作"], references=["共建一带一路"], metrics=("bleu", "ter"),
                      n_bootstrap=0, target_lang="zh")
    assert "tok:zh" in m["bleu"].signature and "asian:yes" in m["ter"].signature


@pytest.mark.parametrize(
    "hyps, refs, kwargs, message",
    [
        (["a"], ["a", "b"], {}, "1 hypotheses for 2 references"),
        ([], [], {}, "no segments to score"),
        ("a", ["a"], {}, "lists of strings, not one string"),
        (["a", None], ["a", "b"], {}, "hypothesis #2 is a NoneType"),
        (["a"], ["a"], {"metrics": ("meteor",)}, "unknown corpus metric 'meteor'"),
    ],
)
def test_input_errors(hyps, refs, kwargs, message):
    with pytest.raises(InputError, match=message):
        corpus_scores(hypotheses=hyps, references=refs, n_bootstrap=0, **kwargs)
