"""Scale benchmark of the builder: a synthetic corpus generator and a throughput/memory table."""
