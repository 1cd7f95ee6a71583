"""No models. The wiring app has this module so that Django sends it post_migrate (config.roles)."""
