"""MyST, written and read: HTML converted to escaped MyST, text escaped, and a
body's opening sentence."""
