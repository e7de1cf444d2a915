"""Citations: the cite panel, its metadata for reference managers, and
the page's description."""
