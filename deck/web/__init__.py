"""The kit in a browser: a static site (`deck export html`) and a local editor (`deck edit`)."""
