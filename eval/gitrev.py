"""Files of a git revision, for the before → after comparisons of ``eval/`` scripts.

Read with ``git show`` in the repository; nothing in the working tree changes.
"""

from __future__ import annotations

import importlib.util
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


def show(rev: str, path: str) -> str:
    """The text of ``path`` (repository-relative) as of ``rev``.

    Args:
        rev: A git revision.
        path: A file path relative to the repository root.

    Returns:
        The file's text.

    Raises:
        subprocess.CalledProcessError: The revision or path does not exist.
    """
    return subprocess.run(
        ["git", "show", f"{rev}:{path}"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout


def list_dir(rev: str, folder: str) -> list[str]:
    """Repository-relative paths of the files in ``folder`` as of ``rev``."""
    return subprocess.run(
        ["git", "ls-tree", "--name-only", rev, folder],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()


def load_module(rev: str, path: str, name: str) -> ModuleType:
    """The Python file ``path`` as of ``rev``, imported as a module called ``name``.

    The module is not added to ``sys.modules``; its own imports resolve against
    the current code.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False, encoding="utf-8") as fh:
        fh.write(show(rev, path))
    spec = importlib.util.spec_from_file_location(name, fh.name)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    Path(fh.name).unlink()
    return mod


def extract(
    rev: str, dest: Path, paths: tuple[str, ...] = ("triage", "models", "pipelines")
) -> Path:
    """Write ``paths`` (repository-relative folders or files) as of ``rev`` under ``dest``.

    Gives a runnable copy of an older revision's code beside the working tree
    (``git archive``; nothing in the working tree changes).

    Returns:
        ``dest``.
    """
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev, *paths], check=True, capture_output=True
    ).stdout
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest
