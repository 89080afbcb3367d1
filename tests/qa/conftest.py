"""Fixtures shared by the QA tests."""

from __future__ import annotations

import pytest

from .helpers import RULES_DIR


@pytest.fixture(scope="session")
def rule_pack():
    """The shipped rule pack, loaded once."""
    from triage.qa.rules import load_rules

    return load_rules(RULES_DIR)
