"""The book's editions (EPUB and PDF volumes), built volume by volume."""
