"""One build at a time per warehouse: an exclusive lock on ``.<warehouse>.lock`` beside it.

The lock is the operating system's (``flock``): it ends with the process that holds it, however
that process ends (``kill -9`` too), so a lock left by a dead build is never in the way; the
file keeps the holder's pid for the message a second build gets.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class BuildLocked(RuntimeError):
    """Another build is writing the same warehouse."""


def lock_path(out: Path) -> Path:
    return Path(out).parent / f".{Path(out).name}.lock"


@contextlib.contextmanager
def build_lock(out: Path) -> Iterator[Path]:
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise BuildLocked(
                f"another build (pid {holder}) is writing {out}; wait for it to finish (the lock is {path})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # releases the lock
