"""The subcommands of `leeraanbod`, one module each: thin wrappers that read the settings and the
store from ``leeraanbod.cli.Context`` and call the packages below."""
