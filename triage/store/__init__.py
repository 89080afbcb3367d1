"""Review store: SQLAlchemy models, Alembic migrations, ingest and repository functions.

Public entry points:

- :func:`triage.store.ingest.ingest_records` — upsert scored records, fill the queue.
- :func:`triage.store.db.upgrade` — create/upgrade the schema (``triage db upgrade``).
- :mod:`triage.store.models` — the tables (see ``/work/brief/store_api.md``).
- :mod:`triage.store.repository` — queue, verdicts, appeals, calibration, audit.
"""

from triage.store.db import DEFAULT_DB_URL, ENV_VAR, resolve_url, session_scope, upgrade
from triage.store.ingest import IngestError, ingest_records

__all__ = [
    "DEFAULT_DB_URL",
    "ENV_VAR",
    "IngestError",
    "ingest_records",
    "resolve_url",
    "session_scope",
    "upgrade",
]
