"""Files advoc ships: the schemas, the default rules of engagement and the example network.

In a wheel they sit in `advoc/_data/`; in a source checkout (an editable
install) they are the repository's own `schemas/`, `rules/` and `registry/`
(the example network, which `advoc init --example` copies).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # advoc/
_IN_CHECKOUT = {"schemas": "schemas", "rules": "rules", "example": "registry"}


def shipped(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / _IN_CHECKOUT[name]):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"advoc's {name} are missing from this installation")
