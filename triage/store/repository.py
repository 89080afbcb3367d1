"""Repository functions of the review store, gathered in one place for callers.

Each function takes an open :class:`sqlalchemy.orm.Session` (from
:func:`triage.store.db.session_scope`) and leaves committing to the caller.
"""

from triage.store.appeals import (
    AppealError,
    appeal_block_reason,
    appeal_deadline,
    create_appeal,
    decide_appeal,
    list_appeals,
    open_appeal,
)
from triage.store.audit import ACTION_ZH, list_audit, log_event
from triage.store.calibration import Calibration, calibration
from triage.store.export import correction_rows, export_dataset
from triage.store.queue import (
    QueueError,
    QueueFilter,
    QueuePage,
    assign,
    flag_reason_options,
    list_queue,
    reviewers,
    rule_options,
)
from triage.store.settings import all_settings, get_setting, set_setting
from triage.store.users import UserError, authenticate, create_user, get_user_by_name, list_users
from triage.store.verdicts import (
    VerdictError,
    current_verdict,
    failed_checks,
    recompute_score,
    record_verdict,
    reviewed_dimensions,
    verdict_history,
)

__all__ = [
    "ACTION_ZH",
    "AppealError",
    "Calibration",
    "QueueError",
    "QueueFilter",
    "QueuePage",
    "UserError",
    "VerdictError",
    "all_settings",
    "appeal_block_reason",
    "appeal_deadline",
    "assign",
    "authenticate",
    "calibration",
    "correction_rows",
    "create_appeal",
    "create_user",
    "current_verdict",
    "decide_appeal",
    "export_dataset",
    "failed_checks",
    "flag_reason_options",
    "get_setting",
    "get_user_by_name",
    "list_appeals",
    "list_audit",
    "list_queue",
    "list_users",
    "log_event",
    "open_appeal",
    "recompute_score",
    "record_verdict",
    "reviewed_dimensions",
    "reviewers",
    "rule_options",
    "set_setting",
    "verdict_history",
]
