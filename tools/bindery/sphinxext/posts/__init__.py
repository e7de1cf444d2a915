"""Posts as the book shows them: their page, comments, figures, images and
paragraph anchors."""
