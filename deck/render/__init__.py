"""The only writer of PDF: drawing primitives into files."""
