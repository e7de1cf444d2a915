"""The archive on disk: post files and their one schema, the manifest of addresses,
slugs, and the lock and journal every write goes through."""
