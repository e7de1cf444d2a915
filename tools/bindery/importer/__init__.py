"""Importing sources into the archive: merging each post into its page,
and deliberate moves."""
