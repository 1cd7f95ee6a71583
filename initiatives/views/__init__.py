"""Initiative and expiry pages (issue 6): one module per feature."""
