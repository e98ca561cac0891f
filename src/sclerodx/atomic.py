"""Writing a file so that it is either whole or absent: a temporary file, then a rename.

A crash, a full disk or an interrupt while writing leaves the previous file (or none)
and no half-written one, as the house rule "nothing is lost or half-written" asks. The
temporary file sits in the destination folder, so :func:`os.replace` is an atomic
rename on the same file system (POSIX ``rename(2)``; ``MoveFileEx`` on Windows).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["write_atomically"]


def write_atomically(path: str | os.PathLike[str], write: Callable[[Path], object], *,
                     suffix: str = ".tmp") -> None:
    """Call ``write(temporary path)``, then rename the result onto ``path``.

    Parameters
    ----------
    path
        The destination.
    write
        Writes the whole content to the path it is given.
    suffix
        Suffix of the temporary file (a writer that reads the format from the
        extension, e.g. polars, needs the destination's).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomically(folder / "a.txt", lambda tmp: tmp.write_text("whole"))
    >>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('whole', ['a.txt'])
    """
    destination = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=suffix, dir=destination.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, destination)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
