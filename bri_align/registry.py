"""Small registries with versioned names (layer L0).

``aligners = Registry("aligner")``; ``@aligners.register("ibm1-hmm.v1")`` for a
backend defined where the registry lives, or
``aligners.register_lazy("neural.v1", "bri_align.align.neural:NeuralAligner")`` for
one whose module imports heavy packages or imports the registry's module (the
entry is imported on first look-up, as sacrebleu finds its tokenizers, so the
registry's module never imports its backends and no import cycle forms).

``aligners.get("ibm1-hmm.v1")`` returns the registered object; a failed look-up
lists what exists.  ``aligners.create(name, **options)`` constructs a backend,
checking ``options`` against the keyword parameters it declares: an unknown
option is an :class:`~bri_align.errors.InputError` naming it and listing the
options that backend takes.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any, Callable, Dict, Generic, Iterator, List, Tuple, TypeVar

from .errors import InputError, RegistryError

T = TypeVar("T")

__all__ = ["Registry", "declared_options"]


def declared_options(factory: Callable[..., Any]) -> Tuple[str, ...]:
    """The keyword options a backend declares: its ``OPTIONS`` attribute when it has one,
    else the named parameters of its constructor (or of the function)."""
    opts = getattr(factory, "OPTIONS", None)
    if opts is not None:
        return tuple(opts)
    target = factory.__init__ if inspect.isclass(factory) else factory  # type: ignore[misc]
    params = inspect.signature(target).parameters.values()
    return tuple(p.name for p in params
                 if p.name != "self" and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: Dict[str, T] = {}
        self._lazy: Dict[str, str] = {}
        self._aliases: Dict[str, str] = {}

    def register(self, name: str, *, aliases: tuple = ()) -> Callable[[T], T]:
        def deco(obj: T) -> T:
            self._add_name(name, aliases)
            self._items[name] = obj
            return obj

        return deco

    def register_lazy(self, name: str, target: str, *, aliases: tuple = ()) -> None:
        """Register ``"package.module:attribute"`` under ``name``; imported on first look-up."""
        if ":" not in target:
            raise ValueError(f"lazy {self.kind} target must be 'module:attribute', got {target!r}")
        self._add_name(name, aliases)
        self._lazy[name] = target

    def _add_name(self, name: str, aliases: tuple) -> None:
        if name in self._items or name in self._lazy:
            raise RegistryError(f"{self.kind} '{name}' is already registered")
        for alias in aliases:
            self._aliases[alias] = name

    def resolve(self, name: str) -> str:
        if name in self._items or name in self._lazy:
            return name
        if name in self._aliases:
            return self._aliases[name]
        choices = ", ".join(self.names())
        raise RegistryError(
            f"unknown {self.kind} '{name}'; available: {choices or '(none)'}"
        )

    def get(self, name: str) -> T:
        key = self.resolve(name)
        if key not in self._items:
            module, _, attr = self._lazy[key].partition(":")
            self._items[key] = getattr(importlib.import_module(module), attr)
        return self._items[key]

    def create(self, name: str, /, **options: Any) -> Any:
        """Construct the backend ``name`` with ``options``; an option it does not declare
        is an InputError naming the option and the ones it takes."""
        factory = self.get(name)
        allowed = declared_options(factory)  # type: ignore[arg-type]
        unknown = sorted(set(options) - set(allowed))
        if unknown:
            takes = ", ".join(allowed) or "no options"
            raise InputError(
                f"{self.kind} '{self.resolve(name)}' has no option {', '.join(repr(u) for u in unknown)}; "
                f"it takes: {takes}", field=unknown[0])
        return factory(**options)  # type: ignore[operator]

    def names(self) -> List[str]:
        return sorted(set(self._items) | set(self._lazy) | set(self._aliases))

    def __contains__(self, name: object) -> bool:
        return name in self._items or name in self._lazy or name in self._aliases

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(set(self._items) | set(self._lazy)))
