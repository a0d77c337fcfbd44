"""deck: printable workshop kits (card decks, boards, sheets) from YAML."""

__version__ = "0.1.0"
