"""Execution engines: run a pipeline over a stream of records.

:mod:`triage.engines.local` runs in this process or a pool of local worker
processes. Every engine produces results in input order and hands them to a
:class:`triage.engines.sink.ResultSink`, which writes the output and errors
files and aggregates the :class:`triage.summary.RunSummary`.
"""
