"""Observatoire: collect public posts, measure brands' e-reputation, publish a static site."""

__version__ = "0.1.0"
