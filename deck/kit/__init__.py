"""YAML -> Kit: reading, finding, overlaying and validating a kit's files."""
