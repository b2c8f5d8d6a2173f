"""Build hook: map the canonical top-level data folders into the package.

``corpora/`` and ``seeds/`` stay at the top level of the source tree (they are the
canonical, reviewed copies with their own READMEs and manifests); a wheel carries
them as ``bri_align/_data/`` so an installed bri_align finds its termbase, seeds and
test sets through ``bri_align.resources.bundled_path``.  Everything else lives in
setup.cfg.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# package-relative destination -> top-level source folder (see bri_align/resources.py)
DATA = {
    "termbase": "corpora/termbase",
    "policy_bench": "corpora/policy_bench",
    "term_align": "corpora/term_align",
    "seeds": "seeds",
}


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        root = Path(__file__).resolve().parent
        for dest, src in DATA.items():
            target = Path(self.build_lib) / "bri_align" / "_data" / dest
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(root / src, target,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))


setup(cmdclass={"build_py": BuildPyWithData})
