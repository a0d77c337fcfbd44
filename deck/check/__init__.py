"""deck check: a preflight that reads the rendered output back."""
