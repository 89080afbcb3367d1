"""How to open the review app on a store (printed by ``triage demo`` / ``triage score --db``)."""

from __future__ import annotations

from triage.store.db import resolve_url, safe_url


def review_app_hint(url: str | None = None, port: int = 8000, prog: str = "triage") -> str:
    """Three commands that open the review web app on this store.

    Args:
        url: The store URL (None: ``TRIAGE_DB_URL`` or ``./triage.db``).
        port: Port for ``triage serve``.
        prog: How the user calls the CLI (``.venv/bin/triage`` after ``make demo``).
    """
    shown = safe_url(resolve_url(url))
    return (
        f"review app:     1) {prog} users add reviewer1 --role reviewer --db "
        f"'{shown}'   (asks for a password; --password-stdin reads it from a pipe)\n"
        f"                2) {prog} serve --db '{shown}' --port {port}\n"
        f"                3) open http://127.0.0.1:{port}/login  (质检复核: /review)"
    )
