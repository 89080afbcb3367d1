"""Generated training data for the QA pack's learned clause classifiers.

One module per rule (``c05``, ``c02``) with ``generate(rng, n)`` returning
``(texts, labels)``; shared surface variation in :mod:`triage.qa.gen.common`.
The families are written from how agents talk, not from the rule YAML; no
evaluation data is used.
"""
