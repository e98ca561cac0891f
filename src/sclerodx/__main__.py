"""``python -m sclerodx``: the command line."""

from sclerodx.cli import main

main()
