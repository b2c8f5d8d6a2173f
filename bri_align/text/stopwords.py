"""The library's one English and one Chinese stoplist (layer L1).

Function words only, written for this project: English articles, pronouns,
auxiliaries, prepositions, conjunctions and quantifiers, plus the placeholders
that dictionary glosses use (``sb``, ``sth``, ``oneself``, ``etc``).  Sentence
alignment and term alignment skip them when they compare content words, the
candidate-term finder refuses a candidate that starts or ends with one, and the
TBX exporter leaves them out of an acronym.
"""

from __future__ import annotations

__all__ = ["EN_STOPWORDS", "ZH_STOPWORDS"]

EN_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing down during each either else etc ever every
    few for from further had has have having he her here hers herself him himself his how however
    i if in into is it its itself just least less many may me might more most much must my myself
    neither no nor not now of off on once one oneself only onto or other others our ours ourselves out
    over own per same sb shall she should so some somebody someone something sth such than that the
    their theirs them themselves then there these they this those through thus to too under until up
    upon us very via was we were what when where whether which while who whom whose why will with
    within without would yet you your yours yourself yourselves s""".split()
)

# Chinese function words that never start or end a term.
ZH_STOPWORDS = frozenset(
    """的 了 和 与 及 或 在 是 等 对 为 将 把 被 也 都 就 而 并 又 以 于 从 向 到 由 其 之 这 那 该 此 各 每
    有 着 过 们 个 中 上 下 我 你 他 她 它 我们 我国 要 能 会 可 可以 进一步 不断 更加 通过 以及 并且 同时
    方面 一些 一个 这些 那些 如何 什么 如果 因为 所以 但是 而且 还 则 即 既 更 很 最 不 没有 已经""".split()
)
