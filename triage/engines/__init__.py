"""Execution engines: run a pipeline over a stream of records.

:mod:`triage.engines.local` runs in this process or a pool of local worker
processes; :mod:`triage.engines.ray_engine` runs on a Ray Data actor pool.
Each engine module exposes ``run`` with the keyword arguments of
:func:`triage.engines.local.run_local` (``triage score --engine NAME`` calls it),
produces results in input order and hands them to a
:class:`triage.engines.sink.ResultSink`, which writes the output and errors
files and aggregates the :class:`triage.summary.RunSummary`.
"""
