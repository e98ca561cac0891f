"""``python -m sclerodx.cli``: the command line."""

from sclerodx.cli import main

main()
