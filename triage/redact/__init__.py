"""redact package."""
