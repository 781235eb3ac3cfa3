"""An `evaluate` report as plain text for the terminal, or as JSON for scripts and CI.

A developer tool's output, English only (not site text). Both forms carry the same figures.
"""

from __future__ import annotations

import json
import math
from typing import Any

from generator.analyse.evaluate import LABELS, PRODUCT, EvaluationReport, Metrics

_SHORT = {"negative": "neg", "neutral": "neu", "positive": "pos"}


def format_report(report: EvaluationReport) -> str:
    """A plain-text report for the terminal."""
    kind = "binary: negative/positive" if report.binary else "/".join(report.classes)
    lines = [
        f"Sentiment evaluation on {report.path} ({report.part}: {report.size} texts; {kind})",
        f"{PRODUCT}: the analyser build runs, language {_language(report.language)}"
        + (f", trained model {report.model} blended with the rules" if report.model else ""),
        "",
    ]
    width = max(14, *(len(m.name) + 2 for m in report.systems))
    header = f"{'system':<{width}}{'accuracy':>10}{'macro-F1':>10}{'texts/s':>11}"
    lines += [header, "-" * len(header)]
    for m in report.systems:
        lines.append(
            f"{m.name:<{width}}{m.accuracy:>10.3f}{m.macro_f1:>10.3f}"
            f"{_speed(m.texts_per_second):>11}"
        )
    if "neutral" not in report.classes:
        lines += ["", "no neutral class in the truth:"]
        lines += [
            f"  {m.name:<{width}}neutral predictions: {m.neutral_predictions} (counted as errors)"
            for m in report.systems
        ]
    if report.routing:
        lines += ["", f"{PRODUCT}: texts routed by language"]
        lines.append(f"  {'language':<22}{'texts':>7}{'accuracy':>10}{'macro-F1':>10}")
        for group in report.routing:
            scores = group.metrics
            figures = (
                f"{scores.accuracy:>10.3f}{scores.macro_f1:>10.3f}" if scores else f"{'-':>10}" * 2
            )
            lines.append(f"  {_route(group.language):<22}{group.size:>7}{figures}")
        for group in report.routing:
            if group.metrics is not None:
                title = f"{PRODUCT} routed to {_route(group.language)} ({group.size} texts)"
                lines += ["", *_confusion(title, group.metrics, report.classes)]
    for m in report.systems:
        lines += [
            "",
            f"{m.name}: per class",
            f"  {'class':<10}{'precision':>10}{'recall':>8}{'F1':>7}{'n':>7}",
        ]
        for label in report.classes:
            c = m.per_class[label]
            lines.append(
                f"  {label:<10}{c.precision:>10.3f}{c.recall:>8.3f}{c.f1:>7.3f}{c.support:>7}"
            )
        lines += _confusion(None, m, report.classes)
    return "\n".join(lines)


def _confusion(title: str | None, m: Metrics, classes: tuple[str, ...]) -> list[str]:
    """The confusion matrix: a row per class of the truth, always the 3 predicted columns."""
    columns = " ".join(_SHORT[label] for label in LABELS)
    lines = [title] if title else []
    lines.append(f"  confusion (rows true, columns predicted: {columns})")
    for label, row in zip(LABELS, m.confusion, strict=True):
        if label in classes:
            lines.append(f"  {label:<10}" + "".join(f"{v:>6}" for v in row))
    return lines


def _language(option: str) -> str:
    return "detected (no hint)" if option == "auto" else f"hint {option!r}"


def _route(language: str) -> str:
    return {"fr": "fr", "en": "en", "other": "other (not analysed)"}.get(language, language)


def _speed(value: float | None) -> str:
    if value is None:
        return "-"
    return "inf" if math.isinf(value) else f"{value:,.0f}"


def report_as_dict(report: EvaluationReport) -> dict[str, Any]:
    """The report's figures as plain JSON types (texts/s null when not measurable)."""
    return {
        "path": report.path,
        "part": report.part,
        "size": report.size,
        "classes": list(report.classes),
        "binary": report.binary,
        "language": report.language,
        "model": report.model or None,
        "systems": [_metrics_dict(m) for m in report.systems],
        "routing": {
            "system": PRODUCT,
            "groups": [
                {
                    "language": g.language,
                    "size": g.size,
                    **(_metrics_dict(g.metrics, timed=False) if g.metrics else {}),
                }
                for g in report.routing
            ],
        },
    }


def _metrics_dict(m: Metrics, *, timed: bool = True) -> dict[str, Any]:
    speed = m.texts_per_second
    out: dict[str, Any] = {} if not timed else {"name": m.name}
    out |= {
        "accuracy": m.accuracy,
        "macro_f1": m.macro_f1,
        "classes": list(m.classes),
        "neutral_predictions": m.neutral_predictions,
        "neutral_counted_as_errors": m.neutral_errors,
        "per_class": {
            label: {
                "precision": c.precision,
                "recall": c.recall,
                "f1": c.f1,
                "support": c.support,
            }
            for label, c in m.per_class.items()
        },
        "confusion": {
            true: dict(zip(LABELS, row, strict=True))
            for true, row in zip(LABELS, m.confusion, strict=True)
        },
    }
    if timed:
        out["texts_per_second"] = None if speed is None or math.isinf(speed) else speed
    return out


def format_json(report: EvaluationReport) -> str:
    return json.dumps(report_as_dict(report), indent=2, ensure_ascii=False)
