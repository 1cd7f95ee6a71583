"""Initiative and expiry pages: one module per feature."""
