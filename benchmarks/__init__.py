"""Benchmarks: measure and print, beside a baseline measured in the same run. Nothing here is a test."""

from __future__ import annotations

import os
import platform


def print_table(command: str, rows: list[tuple], header: tuple[str, str, str, str]) -> None:
    """The command, the machine and a Markdown table of ``rows`` (what, figure, baseline, ratio)."""
    import psutil

    print(f"command: {command}")
    print(
        f"machine: {platform.platform()} · Python {platform.python_version()} · {os.cpu_count()} cores"
        f" · {psutil.virtual_memory().total / 2**30:.0f} GiB"
    )
    print()
    print("| " + " | ".join(header) + " |")
    print("|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
