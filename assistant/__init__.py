"""A local, private research assistant over machine-learning paper abstracts."""

__version__ = "0.1.0"
