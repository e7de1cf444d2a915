"""Bindery: a blog's archive dumps bound as a Sphinx book."""

__version__ = "0.1.0"
