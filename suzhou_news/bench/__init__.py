"""The benchmark suite users run: systems (registry, baselines, adapters, plugins), metrics, runner, reports, prediction files."""
