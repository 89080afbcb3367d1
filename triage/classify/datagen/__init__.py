"""Synthetic training data for the intent and severity models.

No public labelled Chinese financial customer-service corpus can be had, so the
training set is composed: per category a set of scenarios (what the customer
wants), each with many phrasings and slots, combined with openings, emotions,
digressions, second requests, escalation cues, negations, ASR fillers and chat
typos. Text is written as the redact stage leaves it (``<BANK_CARD>``,
``<PHONE_NUMBER>``…), because classification only ever sees redacted turns.

Modules: :mod:`.lexicon` (scenarios and phrase pools), :mod:`.noise` (spoken
numbers, ASR noise, typos), :mod:`.compose` (one interaction),
:mod:`.build` (the DatasetDict and its card; ``python -m
triage.classify.datagen.build``).
"""
