"""Search: the Pagefind index and the search page."""
