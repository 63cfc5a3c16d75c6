"""Adapters: systems that wrap a family of outside models (``hf.*``) and need settings to run.

Their modules are registered on discovery like the baselines (see
:mod:`suzhou_news.bench.baselines.registry`) but are not in the default ``bench`` set.
Importing them imports no optional dependency.
"""
