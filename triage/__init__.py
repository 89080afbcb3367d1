"""Chinese financial customer-service triage: redact, classify, score, route, review."""

__version__ = "0.1.0"
