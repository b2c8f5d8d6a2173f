"""`bri-align glossary review` and bri_align.glossary.review: unattested renderings, media-only
attestation, official disagreements, quote mismatches and the attested share.

The URLs (example.org), dates and quotes are test data written by the project."""

from __future__ import annotations

import json

import pytest

from bri_align.cli import main
from bri_align.glossary.loader import load_termbase
from bri_align.glossary.review import GlossaryReview, quote_contains, review_glossary

TB = """\
entries:
  - id: free-trade-zone-network
    zh: 自由贸易区网络
    category: policy
    renderings:
      - en: free trade zone network
        status: preferred
        evidence:
          - {authority: State Council Information Office, date: 2019-03, url: "https://example.org/t/1",
             quote: "a network of free trade zones, or free trade zone network, in test data"}
      - en: network of free trade areas
        status: admitted
        evidence:
          - {authority: Qiushi, date: 2020, url: "https://example.org/t/2",
             quote: "a high-standard network of free trade areas (test data)"}
  - id: heart-connectivity
    zh: 心联通
    category: metaphor
    renderings:
      - en: people-to-people connectivity
        status: preferred
        evidence:
          - {authority: CGTN, date: 2023, url: "https://example.org/t/3",
             quote: "people-to-people connectivity in test data"}
      - en: heart connectivity
        status: superseded
        valid_until: 2030-01-01
        evidence:
          - {authority: Xinhua, date: 2024-12-02, url: "https://example.org/t/4",
             quote: "\u201cheart connectivity\u201d between peoples (test data)"}
      - en: heart-to-heart link
        status: deprecated
        attested: false
  - id: green-silk-road
    zh: 绿色丝绸之路
    category: programme
    renderings:
      - en: Green Silk Road
        status: preferred
        evidence:
          - {authority: Xinhua, date: 2019-04-25, url: "https://example.org/t/5",
             quote: "the green Silk Road (test data)"}
          - {authority: gov.cn, url: "https://example.org/t/6", quote: "a greener road (test data)"}
  - id: plain
    zh: 丝路基金
    category: institution
    renderings:
      - en: Silk Road Fund
        status: preferred
        evidence:
          - {authority: Xinhua, date: 2014-12-29, url: "https://example.org/t/7", quote: "the Silk Road Fund"}
"""


@pytest.fixture()
def termbase(tmp_path):
    p = tmp_path / "tb.yaml"
    p.write_text(TB, encoding="utf-8")
    return p


def test_quote_contains_ignores_case_quotes_and_dashes():
    assert quote_contains("\u201cHeart  Connectivity\u201d", "heart connectivity")
    assert quote_contains("people\u2013to\u2013people", "people-to-people")
    assert quote_contains("Belt and Road projects", "Belt and Road project")  # a substring test
    assert not quote_contains("a greener road", "Green Silk Road")


def test_review_findings_and_totals(termbase):
    review = review_glossary(load_termbase(termbase))
    by_id = {e.id: e for e in review.entries}
    assert set(by_id) == {"free-trade-zone-network", "heart-connectivity", "green-silk-road"}  # 'plain' is clean
    ftz = by_id["free-trade-zone-network"]
    assert ftz.disagreements == ("accepted renderings each printed by an official source: 'free trade zone "
                                 "network' (State Council Information Office 2019-03); 'network of free trade "
                                 "areas' (Qiushi 2020)",)
    assert ftz.unattested == () and ftz.media_only == ()
    heart = by_id["heart-connectivity"]
    assert heart.unattested == ("deprecated 'heart-to-heart link'",)
    assert heart.media_only == ("preferred 'people-to-people connectivity': CGTN 2023 (state media)",)
    assert heart.disagreements == ("superseded 'heart connectivity' (valid until 2030-01-01) is used by "
                                   "Xinhua 2024-12-02",)
    green = by_id["green-silk-road"]
    assert green.quote_mismatches == ("preferred 'Green Silk Road': gov.cn quote does not contain it: "
                                      "\"a greener road (test data)\"",)
    assert review.totals["preferred"] == {"renderings": 4, "attested": 4, "official": 3}
    assert review.totals["superseded"] == {"renderings": 1, "attested": 1, "official": 1}
    assert review.totals["deprecated"] == {"renderings": 1, "attested": 0, "official": 0}
    assert review.share("admitted") == 1.0 and review.share("deprecated") == 0.0
    assert review.preferred_quoted == 4
    assert GlossaryReview.from_dict(json.loads(json.dumps(review.to_dict()))) == review


def test_cli_review_markdown_and_json(termbase, capsys, tmp_path):
    assert main(["glossary", "review", str(termbase)]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Evidence review\n")
    assert "| preferred | 4 | 4 | 100.0% | 3 |" in md
    assert "| official sources disagree | 2 |" in md
    assert "## 心联通 `heart-connectivity`" in md
    assert "- unattested: deprecated 'heart-to-heart link'" in md
    assert main(["glossary", "review", str(termbase), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["entries"] == 4 and d["attested_share"]["preferred"] == 1.0
    assert [f["id"] for f in d["findings"]] == ["free-trade-zone-network", "heart-connectivity", "green-silk-road"]
    out = tmp_path / "review.md"
    assert main(["glossary", "review", str(termbase), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == md


def test_cli_review_refuses_to_overwrite_the_termbase(termbase, capsys):
    assert main(["glossary", "review", str(termbase), "--out", str(termbase)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert termbase.read_text(encoding="utf-8") == TB


def test_cli_review_of_an_invalid_termbase_is_exit_2(tmp_path, capsys):
    p = tmp_path / "bad.yaml"
    p.write_text(TB.replace("authority: Qiushi", "authority: Qiushi Journal"), encoding="utf-8")
    assert main(["glossary", "review", str(p)]) == 2
    err = capsys.readouterr().err.strip()
    assert "bad.yaml:14:" in err and "unknown authority 'Qiushi Journal'" in err
