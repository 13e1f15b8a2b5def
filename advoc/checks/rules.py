"""The rules themselves adopted by the community, and feedback answered."""

from __future__ import annotations

from collections.abc import Iterator

from advoc.checks.base import Context, located
from advoc.checks.decisions import adopts_rules
from advoc.model.attention import unanswered_feedback
from advoc.model.findings import Finding
from advoc.model.registry import Registry


def feedback_answered_in_time(registry: Registry, context: Context) -> Iterator[Finding]:
    """Open feedback older than the manifest's `feedback_response` (30d by default)."""
    allowed = registry.manifest.get("feedback_response", "30d")
    for feedback, due in unanswered_feedback(registry, context.as_of):
        yield located(
            "warning",
            "feedback-unanswered",
            feedback,
            ("status",),
            f"open since {feedback.data['date']}; feedback must be answered within {allowed} "
            f"(by {due}): add a `response` and change the status",
        )


def rules_adopted_by_decision(registry: Registry, context: Context) -> Iterator[Finding]:
    """Every role, process and principle names the adopted rule-change decision that made it."""
    for kind in ("role", "process", "principle"):
        for rule in registry.of_kind(kind):
            adopted_by = rule.data.get("adopted_by")
            if adopted_by is None:
                yield Finding(
                    "warning",
                    "rule-unadopted",
                    rule.file,
                    f"this {kind} does not say which decision adopted it; add `adopted_by` "
                    "naming the adopted rule-change decision",
                    record=rule.ref,
                    line=1,
                )
                continue
            decision = registry.get("decision", adopted_by) if isinstance(adopted_by, str) else None
            if decision is None:
                continue  # reported as ref-missing
            data = decision.data
            if not adopts_rules(data):
                yield located(
                    "warning",
                    "rule-unadopted",
                    rule,
                    ("adopted_by",),
                    f"adopted_by names '{decision.id}', which is {_describe(data)}; a rule "
                    "is adopted only by an adopted rule-change decision",
                )


def _describe(decision: dict[str, object]) -> str:
    """`a statement decision with status open`, or what is missing of it."""
    kind = decision.get("type")
    status = decision.get("status")
    what = f"a {kind} decision" if isinstance(kind, str) else "a decision without a type"
    return what + (f" with status {status}" if isinstance(status, str) else " without a status")
