"""Records and the read-only index of them: what every command reads.

A `Registry` knows nothing of files: `advoc.load.loader` builds one from a
folder or a git revision."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Record:
    kind: str
    id: str  # the file name without `.yaml`: records are indexed by it
    file: str  # relative to the registry root, "/"-separated
    data: dict[str, Any]

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self.id}"


@dataclass
class Registry:
    root: Path
    manifest: dict[str, Any]
    records: dict[str, dict[str, Record]]
    unreadable: set[str] = field(default_factory=set)  # "kind/id" of files that did not parse
    # The CODEOWNERS files beside the registry (place -> text), which follow the roles
    codeowners: dict[str, str] = field(default_factory=dict)
    derived: dict[Any, Any] = field(default_factory=dict, repr=False)  # see `memo`
    # The opaque ids of advocates kept in the private part (registry/withheld.yaml),
    # and where that part is when this registry was given it (see advoc.load.private)
    withheld: tuple[str, ...] = ()  # in the file's order, each once
    private_root: Path | None = None

    @property
    def has_private(self) -> bool:
        """Whether the private part is loaded: its advocates are among the records."""
        return self.private_root is not None

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """Derived data computed once per loaded registry (indexes, evaluations):
        the records are read-only, so it never goes stale."""
        if key not in self.derived:
            self.derived[key] = compute()
        return self.derived[key]  # type: ignore[no-any-return]

    def get(self, kind: str, record_id: str) -> Record | None:
        return self.records.get(kind, {}).get(record_id)

    def of_kind(self, kind: str) -> Iterable[Record]:
        return self.records.get(kind, {}).values()

    def all(self) -> Iterator[Record]:
        for by_id in self.records.values():
            yield from by_id.values()

    @property
    def default_language(self) -> str:
        language = self.manifest.get("default_language")
        return language if isinstance(language, str) else "en"

    def __len__(self) -> int:
        return sum(len(by_id) for by_id in self.records.values())


@contextmanager
def no_collector() -> Iterator[None]:
    """A bulk load creates many objects and no cycles: the collector would only
    walk them again and again (measured: 10-20% of the load, more with a cache)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
