"""Self-contained HTML report of a batch run (no CDN, no JavaScript; inline SVG/CSS).

Built from a :class:`triage.summary.RunSummary`, which only holds counts and a
few evidence excerpts taken from the redacted output, so the report can never
show text that the output records do not already show redacted.
"""

from triage.report.html import render_report, write_report

__all__ = ["render_report", "write_report"]
