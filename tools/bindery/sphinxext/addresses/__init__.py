"""Addresses that keep answering: the sitemap and manifest check, redirects
for old addresses, and links to the blog's own posts."""
