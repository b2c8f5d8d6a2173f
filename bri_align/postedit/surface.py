"""Surface agreement for a replaced term: number, verb form, case, articles and quotes.

Hand-written: no library fits a preferred rendering into the sentence a deprecated
one came out of.  lemminflect (a core dependency, offline data) gives plurals,
singulars and verb forms; the rest are the common cases of English orthography:

* number -- the head noun (the word before the first "of", else the last word, as
  in :func:`bri_align.matching.matcher.english_variants`) of the text found is
  compared with the deprecated glossary form; when the text is the other number
  ("free trade zones" for the form "free trade zone"), the preferred rendering's
  head noun is put in that number ("free trade areas");
* verb form -- when the text inflects the form's leading verb ("co-building" for
  "co-build"), a leading base-form verb of the preferred rendering takes the same
  inflection;
* case -- a span in capitals gives a replacement in capitals; a span in Title Case (a
  heading) gives a Title Case replacement; a span
  that starts with a capital where the glossary form does not (sentence start)
  gives a capitalised replacement; a replacement that is a proper name keeps its
  case;
* articles -- "a"/"an" right before the span is chosen again for the
  replacement's first word ("an" before a vowel sound: "an alignment", "a
  unified", "an FTA"); "the" is kept as it is;
* quotes -- quotes that wrap the whole span are kept around the replacement;
  quote pairs inside the span belong to the deprecated wording and are dropped;
  an unpaired quote is kept so the sentence stays balanced.
"""

from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

__all__ = [
    "indefinite_article",
    "is_title_case",
    "title_case",
    "match_case",
    "agree_number",
    "agree_verb",
    "agree_gerund",
    "is_gerund_phrase",
    "is_verb_phrase",
    "split_quotes",
    "quote_marks",
    "head_index",
    "OPENERS",
    "CLOSERS",
    "QUOTE_PAIRS",
]

OPENERS = "“‘「『«\"'"
CLOSERS = "”’」』»\"'"
QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "«": "»", '"': '"', "'": "'"}
_PAIR = QUOTE_PAIRS
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z][A-Za-z'’]*)*")
SMALL_WORDS = frozenset("a an the and or but nor of in on at to for by with from as into via per vs".split())

# Words written with a vowel letter but said with a consonant sound, and the reverse.
_A_BEFORE = ("one", "once", "uni", "use", "usa", "usu", "uti", "ubiq", "eu", "ewe", "ufo", "uk ", "ure")
_AN_BEFORE = ("hour", "honest", "honor", "honour", "heir")
_AN_LETTERS = set("AEFHILMNORSX")  # letter names that start with a vowel sound: "an FTA", "an SCO"


def indefinite_article(phrase: str) -> str:
    """'a' or 'an' for the first word of ``phrase`` (by sound, for the common cases)."""
    m = re.search(r"[A-Za-z0-9]+", phrase)
    if m is None:
        return "a"
    w = m.group(0)
    if w[0].isdigit():
        return "an" if w.startswith(("8", "11", "18")) and not w.startswith(("111", "811")) else "a"
    if len(w) > 1 and w.isupper():  # an acronym read letter by letter
        return "an" if w[0] in _AN_LETTERS else "a"
    low = w.lower() + " "
    if low.startswith(_AN_BEFORE):
        return "an"
    if low.startswith(_A_BEFORE):
        return "a"
    return "an" if low[0] in "aeiou" else "a"


def _content_words(text: str) -> List[str]:
    return [w for w in _WORD_RE.findall(text) if w.lower() not in SMALL_WORDS]


def is_title_case(text: str, *, min_words: int = 2) -> bool:
    """Every content word (not an article, conjunction or short preposition) starts with a capital."""
    words = _content_words(text)
    return len(words) >= min_words and all(w[0].isupper() for w in words)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def title_case(text: str) -> str:
    """Title Case: content words and each part of a hyphenated word capitalised, small words
    lower case except first; words with capitals already (acronyms, names) unchanged."""
    out = []
    first = True

    def fix(m: "re.Match[str]") -> str:
        nonlocal first
        w = m.group(0)
        is_first = first
        first = False
        if any(ch.isupper() for ch in w):
            return "-".join(_cap(p) if p.islower() else p for p in w.split("-")) if "-" in w else w
        if w.lower() in SMALL_WORDS and not is_first:
            return w
        return "-".join(_cap(p) for p in w.split("-"))

    out.append(_WORD_RE.sub(fix, text))
    return "".join(out)


def match_case(replacement: str, found: str, form: str, *, heading: bool = False) -> Tuple[str, Optional[str]]:
    """The replacement in the case the found text calls for; returns (text, adjustment or None)."""
    letters = [ch for ch in found if ch.isalpha()]
    if not letters:
        return replacement, None
    form_letters = [ch for ch in form if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters) and not all(ch.isupper() for ch in form_letters):
        return replacement.upper(), "upper-case"
    if (heading or is_title_case(found)) and not is_title_case(form, min_words=1) and \
            len(_content_words(found)) >= (1 if heading else 2):
        new = title_case(replacement)
        return new, ("title-case" if new != replacement else None)
    if letters[0].isupper() and form_letters and form_letters[0].islower():
        k = next((i for i, ch in enumerate(replacement) if ch.isalpha()), None)
        if k is not None and replacement[k].islower():
            return replacement[:k] + replacement[k].upper() + replacement[k + 1:], "capitalised"
    return replacement, None


# ------------------------------------------------------------------ number and verb form
def head_index(words: Sequence[str]) -> int:
    """The head noun of a rendering: the word before the first 'of', else the last word."""
    low = [w.lower() for w in words]
    if "of" in low[1:]:
        return low.index("of", 1) - 1
    return len(words) - 1


def _number(word: str) -> Optional[str]:
    """'plural', 'singular' or None (not known as a noun)."""
    from lemminflect import getAllLemmas

    w = word.lower()
    lemmas = getAllLemmas(w, upos="NOUN").get("NOUN", ())
    if not lemmas:
        return None
    return "singular" if w in lemmas else "plural"


def is_plural_phrase(phrase: str) -> bool:
    """Whether a rendering's head noun is plural ("systems and mechanisms", "pilot free trade
    zones"): such a phrase takes no indefinite article."""
    words = [w.strip("\"'“”‘’«»,.;:()") for w in phrase.split()]
    words = [w for w in words if w]
    if not words:
        return False
    head = words[head_index(words)]
    return head.isalpha() and _number(head) == "plural"


def _to_number(word: str, number: str) -> str:
    from lemminflect import getAllLemmas, getInflection

    w = word
    if number == "plural":
        forms = getInflection(w.lower(), tag="NNS") or ()
        new = forms[0] if forms else (w + "es" if w.endswith(("s", "x", "z", "ch", "sh")) else w + "s")
    else:
        lemmas = getAllLemmas(w.lower(), upos="NOUN").get("NOUN", ())
        new = lemmas[0] if lemmas else (w[:-1] if w.endswith("s") and not w.endswith("ss") else w)
    if w[:1].isupper():
        new = new[:1].upper() + new[1:]
    return new


def _words(text: str) -> List[str]:
    from ..text.normalize import normalize_en

    return normalize_en(text).text.split()


def agree_number(replacement: str, found: str, form: str) -> Tuple[str, Optional[str]]:
    """Put the replacement's head noun in the number of the found text's head noun when the
    found text is the other number of the glossary form ("zones" for "zone")."""
    fw, gw = _words(found), _words(form)
    if len(fw) != len(gw) or not gw:
        return replacement, None
    h = head_index(gw)
    if fw[h] == gw[h]:
        return replacement, None
    nf, ng = _number(fw[h]), _number(gw[h])
    if nf is None or ng is None or nf == ng:
        return replacement, None
    rw = replacement.split(" ")
    rh = head_index(rw)
    m = re.match(r"^(.*?)([A-Za-z]+)(\W*)$", rw[rh])
    if m is None or _number(m.group(2)) not in (ng, None):
        return replacement, None  # the preferred head is already in the found number, or no noun
    rw[rh] = m.group(1) + _to_number(m.group(2), nf) + m.group(3)
    return " ".join(rw), ("plural" if nf == "plural" else "singular")


def agree_verb(replacement: str, found: str, form: str) -> Tuple[str, Optional[str]]:
    """Inflect the replacement's leading base-form verb as the found text inflects the form's."""
    from lemminflect import getAllInflections, getAllLemmas, getInflection

    fw, gw = _words(found), _words(form)
    if not fw or not gw or fw[0] == gw[0] or len(fw) != len(gw):
        return replacement, None
    tags = [t for t, forms in getAllInflections(gw[0], upos="VERB").items() if fw[0] in forms]
    if not tags:
        return replacement, None
    rw = replacement.split(" ")
    first = rw[0]
    if first.lower() not in getAllLemmas(first.lower(), upos="VERB").get("VERB", ()):
        return replacement, None
    new = getInflection(first.lower(), tag=tags[0])
    if not new:
        return replacement, None
    rw[0] = new[0]
    return " ".join(rw), f"verb:{tags[0]}"


def _verb_slot(words: Sequence[str]) -> Optional[int]:
    """Index of the first word after leading '-ly' adverbs ("jointly build" -> 1)."""
    k = 0
    while k < len(words) - 1 and words[k].lower().endswith("ly"):
        k += 1
    return k if words else None


def is_gerund_phrase(text: str) -> bool:
    """The phrase starts (after '-ly' adverbs) with an '-ing' verb form: "co-building",
    "jointly building", "going global"."""
    from lemminflect import getAllLemmas

    words = re.findall(r"[A-Za-z][A-Za-z-]*", text)
    k = _verb_slot(words)
    if k is None:
        return False
    w = words[k].split("-")[-1].lower()
    if not w.endswith("ing") or len(w) < 5:
        return False
    lemmas = getAllLemmas(w, upos="VERB").get("VERB", ())
    return any(lemma != w for lemma in lemmas)


def is_verb_phrase(text: str) -> bool:
    """The phrase is clearly a verb phrase: '-ly' adverb(s) then a base-form verb ("jointly
    build"), or one word that is a verb and not a noun ("advance" is both, so not this)."""
    from lemminflect import getAllLemmas

    words = text.split(" ")
    k = _verb_slot(words)
    if k is None:
        return False
    w = words[k].lower()
    is_verb = w in getAllLemmas(w, upos="VERB").get("VERB", ())
    if k > 0:
        return is_verb
    return len(words) == 1 and is_verb and not getAllLemmas(w, upos="NOUN")


_VERB_OBJECT_STARTERS = frozenset({
    "the", "a", "an", "both", "all", "its", "their", "our", "this", "these", "those", "each", "every",
    "together", "further", "forward", "more", "new",
})


def phrase_kind(text: str) -> str:
    """'gerund', 'verb' or 'noun': the grammatical shape a rendering fills in a sentence.

    A verb phrase is an '-ly' adverb plus a base-form verb ("jointly build"), a lone verb that
    is not a noun, a base-form verb that is never a noun ("achieve common development"), or a
    base-form verb followed by a determiner or a particle ("advance both ...", "develop
    together"); anything else counts as a noun phrase.
    """
    from lemminflect import getAllLemmas

    if is_gerund_phrase(text):
        return "gerund"
    words = text.split(" ")
    words[0] = words[0].split("-")[-1]  # "co-construct" is shaped like "construct"
    if is_verb_phrase(" ".join(words)):
        return "verb"
    if len(words) > 1:
        w = words[0].lower()
        if w in getAllLemmas(w, upos="VERB").get("VERB", ()) and (
                words[1].lower() in _VERB_OBJECT_STARTERS or not getAllLemmas(w, upos="NOUN")):
            return "verb"
    return "noun"


def agree_phrase_kind(replacement: str, found: str, alternatives: Sequence[str] = ()) -> Tuple[str, Optional[str]]:
    """Keep the sentence grammatical when the preferred rendering is another part of speech than
    the text it replaces: a noun phrase ("joint construction") gets an accepted noun-phrase
    rendering ("joint pursuit") rather than the preferred verb phrase ("jointly build"), and a
    verb phrase ("develop together") a verb-phrase rendering. Without such an alternative the
    preferred rendering is kept."""
    have, want = phrase_kind(replacement), phrase_kind(found)
    if have == want or "gerund" in (have, want):
        return replacement, None
    for alt in alternatives:
        if phrase_kind(alt) == want:
            return alt, f"{want} phrase: '{alt}'"
    return replacement, None


def agree_gerund(replacement: str, found: str, alternatives: Sequence[str] = ()) -> Tuple[str, Optional[str]]:
    """A found '-ing' phrase gets an '-ing' replacement: an accepted alternative rendering in
    that shape ("co-building" -> "jointly building" rather than "jointly build"), or the
    replacement's leading base-form verb put in the '-ing' form."""
    from lemminflect import getAllLemmas, getInflection

    if not is_gerund_phrase(found) or is_gerund_phrase(replacement) or not is_verb_phrase(replacement):
        return replacement, None
    for alt in alternatives:
        if is_gerund_phrase(alt):
            return alt, f"gerund: '{alt}'"
    words = replacement.split(" ")
    k = _verb_slot(words)
    if k is None:
        return replacement, None
    w = words[k]
    if w.lower() not in getAllLemmas(w.lower(), upos="VERB").get("VERB", ()):
        return replacement, None
    ing = getInflection(w.lower(), tag="VBG")
    if not ing:
        return replacement, None
    words[k] = ing[0]
    return " ".join(words), "verb:VBG"


# ------------------------------------------------------------------ quotes
def _is_apostrophe(text: str, k: int) -> bool:
    ch = text[k]
    if ch not in "'’":
        return False
    before = text[k - 1] if k > 0 else " "
    after = text[k + 1] if k + 1 < len(text) else " "
    return before.isalnum() and after.isalpha()


def quote_marks(text: str, s: int, e: int) -> List[int]:
    """Offsets of quotation marks (not apostrophes) in ``text[s:e]``."""
    return [k for k in range(s, e) if (text[k] in OPENERS or text[k] in CLOSERS) and not _is_apostrophe(text, k)]


def _pairs(text: str, marks: Sequence[int]) -> Tuple[List[Tuple[int, int]], List[int]]:
    """Pair quote marks (a stack; a straight quote closes an open straight quote of its kind)."""
    stack: List[int] = []
    pairs: List[Tuple[int, int]] = []
    lone: List[int] = []
    for k in marks:
        ch = text[k]
        if stack and _PAIR.get(text[stack[-1]]) == ch:
            pairs.append((stack.pop(), k))
        elif ch in OPENERS and ch not in "”’」』»":
            stack.append(k)
        else:
            lone.append(k)
    return pairs, sorted(lone + stack)


def split_quotes(text: str, s: int, e: int) -> Tuple[int, int, str, str, bool]:
    """How the span ``text[s:e]`` stands with its quotes.

    Returns ``(s, e, prefix, suffix, wrapped)``: the span widened over the partner of
    a quote it holds alone; ``wrapped`` when one quote pair encloses the whole span
    (then ``prefix``/``suffix`` are those quotes, to keep); otherwise ``prefix``/
    ``suffix`` are the unpaired quotes to keep at the edges of the replacement.
    """
    marks = quote_marks(text, s, e)
    pairs, lone = _pairs(text, marks)
    for k in lone:  # a lone closing quote whose opener is right before the span, or the reverse
        ch = text[k]
        if ch in CLOSERS and s > 0 and text[s - 1] in OPENERS and _PAIR.get(text[s - 1]) == ch:
            s -= 1
        elif ch in OPENERS and e < len(text) and text[e] == _PAIR.get(ch):
            e += 1
    marks = quote_marks(text, s, e)
    pairs, lone = _pairs(text, marks)
    if len(marks) == 2 and pairs == [(s, e - 1)] and e - s > 2:
        return s, e, text[s], text[e - 1], True
    first_letter = next((k for k in range(s, e) if text[k].isalnum()), e)
    prefix = "".join(text[k] for k in lone if k < first_letter)
    suffix = "".join(text[k] for k in lone if k >= first_letter)
    return s, e, prefix, suffix, False
