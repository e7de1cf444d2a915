"""Readers of the sources a blog's archive is made from."""
