"""Atomic file writes: a reader (or a crash) never sees half a PDF or half a manifest."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[BinaryIO]:
    """A file object whose content replaces `target` only when the block ends without an exception.

    The temporary file sits next to the target (same file system, so `os.replace` is atomic) and is made
    with the process umask, unlike `tempfile.mkstemp`'s 0600, so the web server can read the result.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(temporary, "xb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def atomic_copy(source: Path, target: Path) -> None:
    with atomic_writer(target) as out, open(source, "rb") as stream:
        shutil.copyfileobj(stream, out, 1024 * 1024)
