"""Library entry points of the metrics, QA, post-editing and benchmark layers given the wrong types
raise the library's own errors (InputError, a BriAlignError) with a message, never a bare TypeError."""

from __future__ import annotations

from pathlib import Path

import pytest

from bri_align.bench import BenchmarkConfig, run_benchmark, score_files, score_wmt25
from bri_align.errors import BriAlignError, InputError
from bri_align.metrics.corpus import corpus_scores
from bri_align.metrics.significance import paired_sacrebleu, paired_term_bootstrap
from bri_align.metrics.terminology import SegmentCounts, TermScorer, TermSegment, aggregate_term_metrics
from bri_align.postedit import postedit
from bri_align.qa import qa_check

MINI = str(Path(__file__).resolve().parents[1] / "fixtures" / "mini_termbase.yaml")


def _scorer():
    return TermScorer(MINI)


CASES = [
    # qa_check
    ("qa_check sources None", lambda: qa_check(None, ["a"], glossary=MINI, method="none"),
     r"sources must be a list of strings \(one segment each\), got NoneType"),
    ("qa_check one string", lambda: qa_check("一带一路", "Belt", glossary=MINI, method="none"),
     r"sources must be a list of strings .* got str"),
    ("qa_check int segment", lambda: qa_check([1], ["a"], glossary=MINI, method="none"),
     r"line 1: field 'sources': segment must be a str, got int"),
    ("qa_check None hypothesis", lambda: qa_check(["一带一路"], [None], glossary=MINI, method="none"),
     r"line 1: field 'hypotheses': segment must be a str, got NoneType"),
    ("qa_check empty", lambda: qa_check([], [], glossary=MINI, method="none"), r"no segments to check"),
    ("qa_check glossary int", lambda: qa_check(["一带一路"], ["a"], glossary=5, method="none"),
     r"glossary must be a Glossary, a termbase path or None"),
    # postedit
    ("postedit sources None", lambda: postedit(None, ["a"], glossary=MINI, method="none"),
     r"sources must be a list of strings"),
    ("postedit int hypothesis", lambda: postedit(["一带一路"], [3], glossary=MINI, method="none"),
     r"field 'hypotheses': segment must be a str, got int"),
    ("postedit banned_forms None item",
     lambda: postedit(["一带一路"], ["a"], glossary=MINI, method="none", banned_forms=[None]),
     r"banned_forms must be a list of strings"),
    # TermScorer
    ("TermScorer banned_forms int", lambda: TermScorer(MINI, banned_forms=5), r"banned_forms must be a list"),
    ("TermScorer banned_forms str", lambda: TermScorer(MINI, banned_forms="One Belt"),
     r"banned_forms must be a list"),
    ("TermScorer.judge None", lambda: _scorer().judge(None), r"judge\(\) takes a TermSegment, got NoneType"),
    ("TermScorer.judge int hypothesis", lambda: _scorer().judge(TermSegment("1", "一带一路", 5)),
     r"segment '1': hypothesis must be a str, got int"),
    ("TermScorer.judge terms None", lambda: _scorer().judge(TermSegment("1", "一带一路", "x", None)),
     r"segment '1': terms must be a sequence of SourceTerm"),
    ("TermScorer.score None", lambda: _scorer().score(None), r"segments must be a list of TermSegment"),
    ("TermScorer.score seed", lambda: _scorer().score([], seed=2**32), r"seed \(--seed\) must be a whole number"),
    # aggregate / corpus / paired
    ("aggregate None", lambda: aggregate_term_metrics(None, signature="x"),
     r"judgements must be a list of SegmentJudgement"),
    ("aggregate wrong item", lambda: aggregate_term_metrics([1], signature="x"),
     r"judgements item #1 is a int"),
    ("aggregate negative bootstrap", lambda: aggregate_term_metrics([], signature="x", n_bootstrap=-1),
     r"n_bootstrap \(--n-bootstrap\) must be a whole number from 0"),
    ("corpus_scores None references", lambda: corpus_scores(hypotheses=["a"], references=None),
     r"references must be a list of strings, got NoneType"),
    ("corpus_scores empty sample", lambda: corpus_scores(hypotheses=[], references=[]), r"no segments to score"),
    ("corpus_scores int segment", lambda: corpus_scores(hypotheses=[1], references=["a"]),
     r"hypothesis #1 is a int, expected a str"),
    ("corpus_scores bool bootstrap", lambda: corpus_scores(hypotheses=["a"], references=["a"], n_bootstrap=True),
     r"n_bootstrap .* got True"),
    ("paired_sacrebleu baseline None", lambda: paired_sacrebleu(baseline=None, systems=[], references=["a"]),
     r"baseline must be a \(name, items\) pair"),
    ("paired_sacrebleu references None",
     lambda: paired_sacrebleu(baseline=("a", ["x"]), systems=[("b", ["y"])], references=None),
     r"references must be a list of strings"),
    ("paired_sacrebleu negative samples",
     lambda: paired_sacrebleu(baseline=("a", ["x"]), systems=[("b", ["y"])], references=["x"], n_samples=-5),
     r"n_bootstrap .* got -5"),
    ("paired_term_bootstrap None counts", lambda: paired_term_bootstrap(baseline=("a", None), systems=[]),
     r"system 'a': expected a list of SegmentCounts, got NoneType"),
    ("paired_term_bootstrap systems None", lambda: paired_term_bootstrap(baseline=("a", []), systems=None),
     r"systems must be a list of \(name, items\) pairs"),
    ("paired_term_bootstrap wrong item",
     lambda: paired_term_bootstrap(baseline=("a", [SegmentCounts()]), systems=[("b", [(1, 2)])]),
     r"system 'b': item #1 is a tuple, expected SegmentCounts"),
    ("paired_term_bootstrap seed", lambda: paired_term_bootstrap(baseline=("a", []), systems=[], seed=-1),
     r"seed \(--seed\) must be"),
    # benchmark entry points
    ("score_files src None", lambda: score_files(src=None, ref="r", hyps=["a=b"]), r"src must be a file path"),
    ("score_files hyps one string", lambda: score_files(src="s", ref="r", hyps="a=b"),
     r"hyps must be a list of 'NAME=FILE' strings, got str"),
    ("score_files seed", lambda: score_files(src="s", ref="r", hyps=["a=b"], seed=-1), r"seed \(--seed\)"),
    ("score_wmt25 hyps None", lambda: score_wmt25(reference="r.jsonl", hyps=None), r"hyps must be a list"),
    ("run_benchmark systems None", lambda: run_benchmark(systems=None), r"systems must be a list of spec strings"),
    ("run_benchmark n_bootstrap", lambda: run_benchmark(config=BenchmarkConfig(n_bootstrap=-2)),
     r"n_bootstrap .* got -2"),
]


@pytest.mark.parametrize("kind, call, message", CASES, ids=[c[0] for c in CASES])
def test_wrong_types_raise_input_errors(kind, call, message):
    with pytest.raises(InputError, match=message) as info:
        call()
    assert isinstance(info.value, BriAlignError)


def test_paired_term_bootstrap_empty_sample_is_no_test():
    assert paired_term_bootstrap(baseline=("a", []), systems=[("b", [])]) == {"b": {}}


def test_glossary_path_string_works():
    """A path string is a glossary by the GlossaryLike convention."""
    report = qa_check(["我们支持一带一路。"], ["We support the Belt and Road Initiative."], glossary=MINI,
                      method="none")
    assert report.n_segments == 1
    assert len(TermScorer(MINI).glossary) == 7
