"""suzhou-news: build, check, benchmark and release a Chinese news dataset."""

__version__ = "0.1.0"
