"""Small registries with versioned names (layer L0).

``aligners = Registry("aligner")``; ``@aligners.register("ibm1-hmm.v1")``;
``aligners.get("ibm1-hmm.v1")``.  A failed look-up lists what exists.
"""

from __future__ import annotations

from typing import Callable, Dict, Generic, Iterator, List, TypeVar

from .errors import RegistryError

T = TypeVar("T")

__all__ = ["Registry"]


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: Dict[str, T] = {}
        self._aliases: Dict[str, str] = {}

    def register(self, name: str, *, aliases: tuple = ()) -> Callable[[T], T]:
        def deco(obj: T) -> T:
            if name in self._items:
                raise RegistryError(f"{self.kind} '{name}' is already registered")
            self._items[name] = obj
            for alias in aliases:
                self._aliases[alias] = name
            return obj

        return deco

    def resolve(self, name: str) -> str:
        if name in self._items:
            return name
        if name in self._aliases:
            return self._aliases[name]
        choices = ", ".join(self.names())
        raise RegistryError(
            f"unknown {self.kind} '{name}'; available: {choices or '(none)'}"
        )

    def get(self, name: str) -> T:
        return self._items[self.resolve(name)]

    def names(self) -> List[str]:
        return sorted(set(self._items) | set(self._aliases))

    def __contains__(self, name: object) -> bool:
        return name in self._items or name in self._aliases

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))
