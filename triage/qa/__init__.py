"""Script-compliance QA (SPEC §7): rules are YAML data, matchers are code.

* :mod:`triage.qa.rules` loads and validates rule files (``pipelines/qa_rules``).
* :mod:`triage.qa.matchers` holds one small typed matcher per condition kind.
* :mod:`triage.qa.engine` evaluates a rule pack on one interaction and scores it.
* :mod:`triage.qa.stage` is the pipeline stage assigning ``doc.qa``.
"""
