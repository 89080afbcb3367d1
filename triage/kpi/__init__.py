"""Service KPIs, monthly agent appraisal and surge alerts (issue 9).

Modules, one job each:

* :mod:`~triage.kpi.config` — ``pipelines/kpi.yaml`` (targets, field paths, alert parameters)
* :mod:`~triage.kpi.records` — the flat :class:`KpiRecord` built from a scored SPEC §3 record
* :mod:`~triage.kpi.metrics` — KPIs with target / actual / gap, mix over time
* :mod:`~triage.kpi.appraisal` — monthly appraisal per agent (trend, rank, deductions, fixes)
* :mod:`~triage.kpi.report` and :mod:`~triage.kpi.svg` — self-contained HTML and CSV output
* :mod:`~triage.kpi.surge` and :mod:`~triage.kpi.stats` — the Poisson surge detector
* :mod:`~triage.kpi.sinks`, :mod:`~triage.kpi.alerting`, :mod:`~triage.kpi.live`,
  :mod:`~triage.kpi.banner` — where alerts go, batch and live
* :mod:`~triage.kpi.source`, :mod:`~triage.kpi.closures`, :mod:`~triage.kpi.tables` — the
  review store (read only) and the module's own two tables
* :mod:`~triage.kpi.synthetic` — synthetic streams for tests and ``eval/kpi``
* :mod:`~triage.kpi.demo` — the part of ``triage demo``
"""
