"""Store-wide settings kept in the ``settings`` table, with typed defaults."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from triage.store.models import Setting, utcnow

#: Defaults: extra share of unflagged interactions sampled for review at ingest (0..1;
#: the pipeline's review stage already samples its own share), days an
#: agent may appeal after the verdict, QA pass mark (SPEC §7 default 80).
DEFAULTS: dict[str, Any] = {"sampling_share": 0.0, "appeal_days": 7, "pass_mark": 80}


def _validate(key: str, value: Any) -> Any:
    if key == "sampling_share":
        v = float(value)
        if not 0.0 <= v <= 1.0:
            raise ValueError("sampling_share must be between 0 and 1")
        return v
    if key == "appeal_days":
        v = int(value)
        if not 0 <= v <= 365:
            raise ValueError("appeal_days must be between 0 and 365")
        return v
    if key == "pass_mark":
        v = int(value)
        if not 0 <= v <= 100:
            raise ValueError("pass_mark must be between 0 and 100")
        return v
    raise KeyError(f"unknown setting {key!r}")


def get_setting(session: Session, key: str) -> Any:
    """The stored value of a setting, or its default."""
    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    row = session.get(Setting, key)
    return DEFAULTS[key] if row is None else row.value


def all_settings(session: Session) -> dict[str, Any]:
    """Every setting with its current value."""
    return {key: get_setting(session, key) for key in DEFAULTS}


def set_setting(session: Session, key: str, value: Any) -> Any:
    """Validate and store a setting; returns the stored value.

    Raises:
        KeyError: unknown setting.
        ValueError: value out of range or not a number.
    """
    v = _validate(key, value)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=v))
    else:
        row.value = v
        row.updated_at = utcnow()
    session.flush()
    return v
