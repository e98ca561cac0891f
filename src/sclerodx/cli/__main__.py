"""``python -m sclerodx.cli``: the command line."""

from sclerodx.cli import main

if __name__ == "__main__":
    main()
