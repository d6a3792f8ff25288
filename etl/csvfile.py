"""Reading the project's CSV files (the raw manifest, the reviewers' overrides) with errors that
name the file and line: a file saved as GBK or with a UTF-8 BOM, a binary file, a field over the
size limit. Rows are read as a stream, so a manifest of a million articles is never held at once."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

FIELD_LIMIT = 1 << 20  # characters in one field: a title or a note, never an article


class CsvFileError(ValueError):
    """A CSV file that cannot be read as UTF-8 CSV; the message names the file and line."""


def dict_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """(column names, iterator of (line number, row)). A BOM is allowed; the iterator raises
    CsvFileError naming the line for bytes that are not UTF-8, NUL bytes or an oversized field."""
    path = Path(path)
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    with open(path, "rb") as raw:
        head = raw.read(65536)
    if b"\x00" in head:
        line = head[: head.index(b"\x00")].count(b"\n") + 1
        raise CsvFileError(f"{path.name} line {line}: NUL bytes: a binary file, not CSV text")
    fh = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the row iterator
    reader = csv.DictReader(fh)
    try:
        names = list(reader.fieldnames or [])
    except (UnicodeDecodeError, csv.Error) as exc:
        fh.close()
        raise CsvFileError(_why(path, _line_of(path, reader, exc), exc)) from None
    return [n.strip() for n in names], _rows(path, fh, reader)


def _rows(path: Path, fh, reader: csv.DictReader) -> Iterator[tuple[int, dict[str, str]]]:
    with fh:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except (UnicodeDecodeError, csv.Error) as exc:
                raise CsvFileError(_why(path, _line_of(path, reader, exc), exc)) from None
            yield reader.line_num, {k.strip() if isinstance(k, str) else k: v for k, v in row.items()}


def _line_of(path: Path, reader: csv.DictReader, exc: Exception) -> int:
    """The line a read failed on: the reader's next one, or for bytes that are not UTF-8 (decoded
    a block at a time, ahead of the reader) the first line that does not decode."""
    if not isinstance(exc, UnicodeDecodeError):
        return reader.line_num + 1
    with open(path, "rb") as fh:
        for n, line in enumerate(fh, 1):
            try:
                (line[3:] if n == 1 and line.startswith(b"\xef\xbb\xbf") else line).decode("utf-8")
            except UnicodeDecodeError:
                return n
    return reader.line_num + 1


def _why(path: Path, line: int, exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"{path.name} line {line}: not UTF-8 text (saved as GBK or another encoding?); save it as UTF-8"
    msg = str(exc)
    if "NUL" in msg:
        return f"{path.name} line {line}: NUL bytes: a binary file, not CSV text"
    if "field larger than field limit" in msg:
        return f"{path.name} line {line}: a field longer than {FIELD_LIMIT:,} characters"
    return f"{path.name} line {line}: not readable as CSV ({msg})"
