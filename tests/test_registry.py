"""The registry: versioned names, lazy entries by dotted path, option checking."""

from __future__ import annotations

import pytest

from bri_align.errors import InputError, RegistryError
from bri_align.registry import Registry, declared_options


class Toy:
    def __init__(self, *, size: int = 1, name: str = "x") -> None:
        self.size = size
        self.name = name


class Declared:
    OPTIONS = ("alpha",)

    def __init__(self, **kw) -> None:
        self.kw = kw


def test_register_get_and_unknown_name_lists_choices():
    reg: Registry = Registry("toy")
    reg.register("toy.v1", aliases=("toy",))(Toy)
    assert reg.get("toy") is Toy and reg.resolve("toy") == "toy.v1"
    with pytest.raises(RegistryError, match=r"unknown toy 'nope'; available: toy, toy.v1"):
        reg.get("nope")
    with pytest.raises(RegistryError, match=r"toy 'toy.v1' is already registered"):
        reg.register("toy.v1")(Toy)


def test_lazy_entry_is_imported_on_first_lookup():
    reg: Registry = Registry("thing")
    reg.register_lazy("ordered.v1", "collections:OrderedDict")
    assert "ordered.v1" in reg and list(reg) == ["ordered.v1"]
    import collections

    assert reg.get("ordered.v1") is collections.OrderedDict
    with pytest.raises(ValueError, match="module:attribute"):
        reg.register_lazy("bad", "collections.OrderedDict")


def test_create_checks_declared_options():
    reg: Registry = Registry("toy")
    reg.register("toy.v1")(Toy)
    reg.register("declared.v1")(Declared)
    assert reg.create("toy.v1", size=3).size == 3
    assert declared_options(Toy) == ("size", "name")
    with pytest.raises(InputError, match=r"field 'sise': toy 'toy.v1' has no option 'sise'; it takes: size, name"):
        reg.create("toy.v1", sise=3)
    assert reg.create("declared.v1", alpha=1).kw == {"alpha": 1}
    with pytest.raises(InputError, match=r"has no option 'beta'; it takes: alpha"):
        reg.create("declared.v1", beta=1)
