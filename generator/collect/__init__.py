"""The collector: fetch feeds politely, parse every format, normalise, store atomically.

Public API: `collect_sources(config, store, progress=..., force=...) -> CollectSummary`,
`print_summary(summary)`, `print_health(store.source_health())`, and the OPML helpers in
`generator.collect.opml`.
"""

from generator.collect.report import print_health, print_summary
from generator.collect.run import CollectSummary, SourceResult, collect_sources, user_agent

__all__ = [
    "CollectSummary",
    "SourceResult",
    "collect_sources",
    "print_health",
    "print_summary",
    "user_agent",
]
