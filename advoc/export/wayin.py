"""Ways in without git: the addresses of the code host's own new-issue pages,
with one of advoc's forms (`advoc.model.forms`) filled in from what the page
knows. The site links every advocate to `feedback_url`, every open decision to
`vote_url` and the ways-in page to `propose_url`; `advoc propose from-issue`
(advoc.propose.issue) reads the submitted issue back.

Pure functions, no I/O. Every value is hostile until encoded: each goes into
the query through `urlencode`, never into the address by hand. Without a
`repository` in the manifest, or with one that is not an https address, there
is no link (None).

- GitHub: `{url}/issues/new?template=vote.yml&title=...&decision=ID`, since
  issue forms take a field's value by its id in the query.
- GitLab: `{url}/-/issues/new?issue[title]=...&issue[description]=...`, the
  description being the body the form's template produces, a `### Label`
  heading per field with its value below.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from advoc.model.forms import EMPTY, FORMS, HOSTS
from advoc.model.walk import as_dict


def feedback_url(manifest: dict[str, Any], advocate_id: str) -> str | None:
    """A new issue from the feedback form, about the advocate."""
    return form_url(manifest, "feedback", about=f"advocate/{advocate_id}")


def vote_url(manifest: dict[str, Any], decision_id: str) -> str | None:
    """A new issue from the vote form, on the decision."""
    return form_url(manifest, "vote", decision=decision_id)


def propose_url(manifest: dict[str, Any]) -> str | None:
    """A new issue from the proposal form, empty."""
    return form_url(manifest, "proposal")


def form_url(manifest: dict[str, Any], form: str, **values: str) -> str | None:
    """A new issue from `form` (a key of FORMS) with `values` (by field id)
    filled in, or None when the manifest names no usable repository."""
    repository = as_dict(manifest.get("repository"))
    url, host = repository.get("url"), repository.get("host")
    if host not in HOSTS or not _is_https_page(url):
        return None
    base = str(url).rstrip("/")
    template, title, fields = FORMS[form]
    shown_title = title.format(**{key: values.get(key, "") for key, _ in fields})
    if host == "github":
        query = {"template": template, "title": shown_title}
        query.update({key: value for key, value in values.items() if value})
        return f"{base}/issues/new?{urlencode(query)}"
    body = "\n\n".join(f"### {label}\n\n{values.get(key) or EMPTY}" for key, label in fields)
    query = {"issue[title]": shown_title, "issue[description]": body}
    return f"{base}/-/issues/new?{urlencode(query)}"


def _is_https_page(url: object) -> bool:
    """An https address with a host and a path, nothing that could smuggle
    another address in (user info, query, fragment). The manifest's schema says
    the same; this holds for a manifest nobody validated."""
    if not isinstance(url, str) or not url.isprintable() or " " in url:
        return False
    parts = urlsplit(url)
    return (
        parts.scheme == "https"
        and bool(parts.hostname)
        and "@" not in parts.netloc
        and parts.path.strip("/") != ""
        and not parts.query
        and not parts.fragment
    )
