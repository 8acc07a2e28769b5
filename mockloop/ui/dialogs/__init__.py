"""Modal dialogs: small views any screen may open; each returns its answer through dismiss()."""
