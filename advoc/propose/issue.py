"""`advoc propose from-issue`: a proposal from an issue filed through the code
host's web form, for people with a browser and an account but no git.

The site links every open decision to a "vote" form, every advocate to a
"feedback" form and the ways-in page to a "proposal" form (advoc.export.wayin). The
host renders a submitted form as the issue's body, one `### Label` heading per
field followed by its value (`_No response_` when left empty); GitLab's issue
templates write the same. `parse_form` reads that body back, and `proposal`
turns it into the same core call as `propose vote`, `propose feedback` or
`propose decision`: the same validation, branch and commit. The forms
themselves are `advoc.model.forms`.

The commit is authored by the issue's author as the host knows them, with the
host's no-reply address for their account (`ID+LOGIN@users.noreply.github.com`,
`ID-LOGIN@users.noreply.gitlab.com`): that is what `advoc audit` ties a vote
to. A vote is recorded under the wiki username of the advocate whose record
lists that account (`accounts.github` / `accounts.gitlab`), so only people the
registry knows can vote this way; others vote on the wiki.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from advoc.errors import RefusedError, UsageError
from advoc.git.repo import Identity
from advoc.load.loader import Loaded
from advoc.model.forms import EMPTY, FORMS, HOSTS, REQUIRED
from advoc.model.walk import as_dict
from advoc.propose import build as propose
from advoc.propose.build import Proposal

_HEADING = re.compile(r"^### (.+?)[ \t]*$", re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Invisible characters a person types in right-to-left and joined scripts
_TYPED = {"\u200c", "\u200d", "\u200e", "\u200f"}


def parse_form(body: str) -> tuple[str, dict[str, str]]:
    """The form an issue's body was made from, and its values by field id.

    The form is the one whose first field heads the body: the host renders the
    fields in order. Each field's value runs to the next field's heading, so
    free text may hold `###` headings of its own, even another field's label,
    without changing any other field."""
    # GitLab's templates explain each field in an HTML comment, left in the body
    text = _COMMENT.sub("", body.replace("\r\n", "\n").replace("\r", "\n"))
    first = _HEADING.search(text)
    form = _form_headed_by(first.group(1) if first else "")
    values = _values(text, FORMS[form][2])
    missing = [
        label for field, label in FORMS[form][2] if field in REQUIRED[form] and not values[field]
    ]
    if missing:
        raise RefusedError(
            f"The {form} form leaves {', '.join(missing)} empty. Nothing was created.",
            hint="File the form again, from the link on the site, with it filled in.",
        )
    for field, value in values.items():
        _plain(field, value)
    return form, values


def _form_headed_by(label: str) -> str:
    for form, (_, _, fields) in FORMS.items():
        if fields[0][1].casefold() == label.strip().casefold():
            return form
    raise RefusedError(
        "This issue was not made from one of advoc's forms (vote, feedback, proposal): "
        "it does not start with a '### Decision', '### About' or '### Title' heading. "
        "Nothing was created.",
        hint="Open the issue from the link on the site, which fills in the form.",
    )


def _values(text: str, fields: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Each field's value by its id ("" when left empty or out), each heading
    looked for after the one before."""
    found: list[tuple[str, int, int]] = []  # field, where its heading starts, ends
    at = 0
    for field, label in fields:
        heading = re.compile(rf"^### {re.escape(label)}[ \t]*$", re.M | re.I).search(text, at)
        if heading is not None:
            found.append((field, heading.start(), heading.end()))
            at = heading.end()
    values = dict.fromkeys((field for field, _ in fields), "")
    for number, (field, _, end) in enumerate(found):
        stop = found[number + 1][1] if number + 1 < len(found) else len(text)
        value = text[end:stop].strip()
        values[field] = "" if value == EMPTY else value
    return values


def _plain(field: str, value: str) -> None:
    """A value a person could have typed: no control, surrogate or invisible
    formatting characters (a tab or line break only in free text)."""
    allowed = "\n\t" if field in ("comment", "summary") else ""
    for character in value:
        category = unicodedata.category(character)
        if category in ("Cc", "Cf", "Cs") and character not in allowed and character not in _TYPED:
            shown = "a line break" if character == "\n" else f"the character U+{ord(character):04X}"
            raise RefusedError(
                f"The field '{field}' holds {shown}, which advoc does not accept there. "
                "Nothing was created.",
                hint="File the form again, typing the value afresh.",
            )


def identity(host: str, login: str, account_id: str, at: datetime) -> Identity:
    """The issue author as the commit's author, by the host's no-reply address."""
    if host not in HOSTS:
        raise UsageError(f"--host is github or gitlab, not '{host}'.")
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?", login):
        raise UsageError(f"'{login}' is not an account name on {host}.")
    if not account_id.isdigit():
        raise UsageError(f"The account id must be a number, not '{account_id}'.")
    separator = "+" if host == "github" else "-"
    email = f"{account_id}{separator}{login}@users.noreply.{host}.com"
    return Identity(login, email, at.strftime("%Y-%m-%dT%H:%M:%S+0000"))


def advocate_of(registry: Loaded, host: str, login: str) -> Any:
    """The advocate whose record lists `login` as their account on `host`."""
    for advocate in registry.of_kind("advocate"):
        name = as_dict(advocate.data.get("accounts")).get(host)
        if isinstance(name, str) and name.casefold() == login.casefold():
            return advocate
    return None


def proposal(
    registry: Loaded, body: str, *, host: str, login: str, account_id: str, at: datetime
) -> Proposal:
    """The proposal an issue's body asks for, authored by the issue's author.
    Whatever the body gets wrong (an unknown decision or advocate included) is
    a refusal, exit 1: the command was called right, the issue cannot be filed."""
    author = identity(host, login, account_id, at)
    form, values = parse_form(body)
    advocate = advocate_of(registry, host, login)
    try:
        if form == "vote":
            made = _vote(registry, values, host, login, advocate, at)
        elif form == "feedback":
            made = _feedback(registry, values, _user(advocate, login), at)
        else:
            made = propose.new_decision(
                registry,
                decision_type=values["type"].strip(),
                process=values["process"].strip(),
                title=values["title"].strip(),
                proposer=_user(advocate, login),
                at=at,
            )
    except UsageError as error:
        raise RefusedError(f"{error.message} Nothing was created.", hint=error.hint) from None
    made.identity = author
    made.body.append(f"Filed through the {host} web form by {login}.")
    return made


def _user(advocate: Any, login: str) -> str:
    """Who the record names: the advocate's wiki username, else the account."""
    if advocate is None:
        return login
    return str(advocate.data.get("username") or advocate.id)


def _vote(
    registry: Loaded, values: dict[str, str], host: str, login: str, advocate: Any, at: datetime
) -> Proposal:
    if advocate is None:
        raise RefusedError(
            f"No advocate record lists the {host} account '{login}', so advoc cannot tell "
            f"whose vote this is: votes through the web need your advocate record to list "
            f"accounts.{host}. Nothing was created.",
            hint=f"Add `accounts: {{{host}: {login}}}` to your record (advoc propose edit); "
            "until then, vote on the decision's wiki page.",
        )
    position = values["position"].strip().lower()
    if position not in ("support", "oppose", "neutral"):
        raise RefusedError(f"Position is support, oppose or neutral, not '{position}'.")
    return propose.vote(
        registry,
        values["decision"].strip(),
        user=_user(advocate, login),
        position=position,
        at=at,
        comment=values["comment"] or None,
    )


def _feedback(registry: Loaded, values: dict[str, str], user: str, at: datetime) -> Proposal:
    kind = values["kind"].strip().lower()
    if kind not in ("concern", "endorsement", "suggestion", "question"):
        raise RefusedError(f"Kind is concern, endorsement, suggestion or question, not '{kind}'.")
    return propose.feedback(
        registry, values["about"].strip(), kind=kind, summary=values["summary"], author=user, at=at
    )
