"""PyInstaller finds the hook here through the package's `pyinstaller40` entry point."""

from pathlib import Path


def hook_dirs() -> list[str]:
    return [str(Path(__file__).parent)]
