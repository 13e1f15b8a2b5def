"""Dates, timestamps and durations as the format defines them.

A bare date is 00:00 UTC of that day; a timestamp carries Z or an offset; a
duration is `<n>h` or `<n>d`, a day being exactly 24 hours. Values that do not
parse give None: the schema check has already reported them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

_DURATION = re.compile(r"([0-9]+)([hd])")


def to_datetime(value: Any) -> datetime | None:
    """A date or timestamp string as an aware UTC datetime."""
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), datetime.min.time(), timezone.utc)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.astimezone(timezone.utc)


def to_date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def to_duration(value: Any) -> timedelta | None:
    if not isinstance(value, str):
        return None
    match = _DURATION.fullmatch(value)
    if not match:
        return None
    amount = int(match.group(1))
    return timedelta(hours=amount) if match.group(2) == "h" else timedelta(days=amount)


def midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), timezone.utc)


def describe(delta: timedelta) -> str:
    """A duration for people: `9 hours`, `3 days 4 hours`, `1 minute`."""
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [
        f"{amount} {unit}{'' if amount == 1 else 's'}"
        for amount, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
        if amount
    ]
    return " ".join(parts) or "0 minutes"
