"""Theme, locale, fonts and printer profiles: how a kit looks and speaks."""
