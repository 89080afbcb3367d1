"""One recognizer per file; :data:`RECOGNIZERS` names them for ``pipelines/redact.yaml``."""

from __future__ import annotations

import importlib
from typing import Any

#: Recognizer name (as used in ``redact.yaml``) -> ``module:Class``.
RECOGNIZERS: dict[str, str] = {
    "cn_phone": "triage.redact.recognizers.cn_phone:CnPhoneRecognizer",
    "cn_id_card": "triage.redact.recognizers.cn_id_card:CnIdCardRecognizer",
    "bank_card": "triage.redact.recognizers.bank_card:BankCardRecognizer",
    "email": "triage.redact.recognizers.email:EmailRecognizer",
    "verification_code": "triage.redact.recognizers.verification_code:VerificationCodeRecognizer",
    "asked_number": "triage.redact.recognizers.asked_number:AskedNumberRecognizer",
    "continued_number": "triage.redact.recognizers.continued_number:ContinuedNumberRecognizer",
    "person_name": "triage.redact.recognizers.person_name:PersonNameRecognizer",
    "latin_name": "triage.redact.recognizers.latin_name:LatinNameRecognizer",
    "address": "triage.redact.recognizers.address:AddressRecognizer",
}


def load_recognizer_class(name: str) -> Any:
    """Import the recognizer class registered as ``name``."""
    module_name, _, attr = RECOGNIZERS[name].partition(":")
    return getattr(importlib.import_module(module_name), attr)
