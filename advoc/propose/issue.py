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

_HEADING = re.compile(r"^### (.+?)\s*$", re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def parse_form(body: str) -> tuple[str, dict[str, str]]:
    """The form an issue's body was made from, and its values by field id."""
    labels: dict[str, str] = {}
    # GitLab's templates explain each field in an HTML comment, left in the body
    text = _COMMENT.sub("", body.replace("\r\n", "\n"))
    matches = list(_HEADING.finditer(text))
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        value = text[match.end() : end].strip()
        labels[match.group(1).strip().casefold()] = "" if value == EMPTY else value
    for form, (_, _, fields) in FORMS.items():
        if all(label.casefold() in labels for field, label in fields if field in REQUIRED[form]):
            values = {field: labels.get(label.casefold(), "") for field, label in fields}
            missing = [
                label for field, label in fields if field in REQUIRED[form] and not values[field]
            ]
            if missing:
                raise RefusedError(
                    f"The {form} form leaves {', '.join(missing)} empty. Nothing was created.",
                    hint="Edit the issue to fill it in, and the job runs again.",
                )
            for field, value in values.items():
                _plain(field, value)
            return form, values
    raise UsageError(
        "This issue was not made from one of advoc's forms (vote, feedback, proposal): "
        "no '### Decision', '### About' or '### Title' heading with its fields.",
        hint="Open the issue from the link on the site, which fills in the form.",
    )


def _plain(field: str, value: str) -> None:
    """A value a person could have typed: no control characters (a tab or line
    break only in free text)."""
    allowed = "\n\t" if field in ("comment", "summary") else ""
    for character in value:
        if unicodedata.category(character) in ("Cc", "Cf") and character not in allowed:
            if character in ("\u200c", "\u200d", "\u200e", "\u200f"):  # joiners, marks
                continue
            raise RefusedError(
                f"The field '{field}' holds the invisible character U+{ord(character):04X}, "
                "which advoc does not accept. Nothing was created.",
                hint="Edit the issue and retype the value.",
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
    form, values = parse_form(body)
    author = identity(host, login, account_id, at)
    advocate = advocate_of(registry, host, login)
    if form == "vote":
        if advocate is None:
            raise RefusedError(
                f"No advocate record lists the {host} account '{login}', so advoc cannot "
                "tell whose vote this is. Nothing was created.",
                hint=f"Votes through the web need your advocate record to list "
                f"`accounts: {{{host}: {login}}}`; until then, vote on the decision's wiki page.",
            )
        position = values["position"].strip().lower()
        if position not in ("support", "oppose", "neutral"):
            raise RefusedError(f"Position is support, oppose or neutral, not '{position}'.")
        made = propose.vote(
            registry,
            values["decision"].strip(),
            user=str(advocate.data.get("username") or advocate.id),
            position=position,
            at=at,
            comment=values.get("comment") or None,
        )
    elif form == "feedback":
        kind = values["kind"].strip().lower()
        if kind not in ("concern", "endorsement", "suggestion", "question"):
            raise RefusedError(
                f"Kind is concern, endorsement, suggestion or question, not '{kind}'."
            )
        user = str(advocate.data.get("username")) if advocate is not None else login
        made = propose.feedback(
            registry,
            values["about"].strip(),
            kind=kind,
            summary=values["summary"],
            author=user,
            at=at,
        )
    else:
        user = str(advocate.data.get("username")) if advocate is not None else login
        made = propose.new_decision(
            registry,
            decision_type=values["type"].strip(),
            process=values["process"].strip(),
            title=values["title"].strip(),
            proposer=user,
            at=at,
        )
    made.identity = author
    made.body.append(f"Filed through the {host} web form by {login}.")
    return made
