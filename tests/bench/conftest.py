"""Fixtures shared by the benchmark tests in every subfolder: the tiny gold dataset of test_data.py.

Loading this file also puts ``tests/benchmarks`` on ``sys.path``, so tests in
subfolders import ``test_data`` like the tests next to it.
"""

from test_data import tiny_gold  # noqa: F401
