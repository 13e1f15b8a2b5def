"""What a decision of each type must say, so that it says what it decides.

One table, read by `validate` (the check `decisions_say_what_they_decide`) and
by `advoc propose decision` (which asks for what is missing, or refuses before
it creates anything): a role-grant names its advocate and role, a blackout its
wikis and start, a ratification what it ratifies."""

from __future__ import annotations

from typing import Any, NamedTuple

from advoc.model.walk import as_dict


class Required(NamedTuple):
    path: tuple[str, ...]  # where the value lives in the decision
    option: str  # the option of `advoc propose decision` that gives it
    what: str  # what it is, for a sentence: "the advocate it acts on"


ADVOCATES = Required(("subjects", "advocates"), "--advocate", "the advocates it acts on")
ROLES = Required(("subjects", "roles"), "--role", "the roles it gives or takes")
WIKIS = Required(("projects",), "--wiki", "the wikis it acts on")
START = Required(("action", "start"), "--start", "when the action starts")
RATIFIES = Required(("ratifies",), "--ratifies", "the urgent decision it ratifies")

REQUIRED: dict[str, tuple[Required, ...]] = {
    "role-grant": (ADVOCATES, ROLES),
    "role-removal": (ADVOCATES, ROLES),
    "confirmation": (ADVOCATES, ROLES),
    "blackout": (WIKIS, START),
    "banner": (WIKIS, START),
    "ratification": (RATIFIES,),
}


def value_at(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = data
    for key in path:
        node = as_dict(node).get(key)
    return node


def missing(data: dict[str, Any]) -> list[Required]:
    """What the decision's type requires and the decision does not say."""
    kind = data.get("type")
    required = REQUIRED.get(kind, ()) if isinstance(kind, str) else ()
    return [item for item in required if value_at(data, item.path) in (None, "", [], {})]
