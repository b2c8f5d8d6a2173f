"""Post-editing of any system's output: deprecated renderings of source terms -> preferred (layer L4).

>>> from bri_align.postedit import postedit
>>> res = postedit(["推进共建“一带一路”。"], ["Advance the joint construction of the Belt and Road."])
>>> res.outputs[0]                                    # doctest: +SKIP
'Advance the Belt and Road cooperation.'

See :mod:`bri_align.postedit.edit` (what is replaced) and :mod:`bri_align.postedit.surface`
(agreement of the replacement with the sentence).
"""

from .edit import POSTEDIT_VERSION, PostEditChange, PostEditor, PostEditResult, postedit
from .surface import indefinite_article, title_case

__all__ = [
    "POSTEDIT_VERSION",
    "PostEditChange",
    "PostEditResult",
    "PostEditor",
    "postedit",
    "indefinite_article",
    "title_case",
]
