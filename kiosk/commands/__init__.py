"""One module per ``kiosk`` subcommand: ``add_arguments(parser)`` and ``run(args) -> int``."""
