"""The book made from the archive, in pure Python (no Sphinx): the catalogue of
posts, their order, the listings and the old addresses."""
