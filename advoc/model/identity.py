"""Who a commit's author is, in registry terms: the addresses an advocate's record
lists as theirs (`accounts.git`), and the no-reply addresses the code hosts give
the accounts it names (`accounts.github`, `accounts.gitlab`).

`advoc audit` holds every vote cast through git to this: the commit that added
it must be authored by one of the voter's addresses."""

from __future__ import annotations

import re
from typing import Any

from advoc.model.walk import as_dict, as_list


def addresses(advocate: dict[str, Any]) -> list[str]:
    """The commit addresses an advocate's record lists, as written."""
    accounts = as_dict(advocate.get("accounts"))
    return [item for item in as_list(accounts.get("git")) if isinstance(item, str)]


def is_theirs(email: str, advocate: dict[str, Any]) -> bool:
    """Whether `email` (a commit's author address) is one of the advocate's: listed in
    `accounts.git` (any case), or the no-reply address of their GitHub account
    (`NAME@users.noreply.github.com`, `ID+NAME@...`) or GitLab account
    (`NAME@users.noreply.gitlab.com`, `ID-NAME@...`)."""
    address = email.strip().casefold()
    if not address:
        return False
    if address in {item.strip().casefold() for item in addresses(advocate)}:
        return True
    accounts = as_dict(advocate.get("accounts"))
    for host, separator in (("github", r"\+"), ("gitlab", "-")):
        name = accounts.get(host)
        if isinstance(name, str) and re.fullmatch(
            rf"(?:[0-9]+{separator})?{re.escape(name.casefold())}@users\.noreply\.{host}\.com",
            address,
        ):
            return True
    return False
