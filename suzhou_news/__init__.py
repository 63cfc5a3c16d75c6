"""The ``suzhou-news`` program: the builder's and the benchmark suite's commands under one name."""
