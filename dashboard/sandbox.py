"""Read-only SQL over the warehouse tables, safe against hostile input.

Defence in depth:
1. Only a single SELECT statement is accepted (DuckDB's own parser decides the type).
2. The queries run on their own in-memory connection whose tables are views over the
   warehouse's Parquet (copies, for a remote warehouse), with file and network access
   disabled except for reading inside the warehouse folder (DuckDB's allowed_directories),
   extensions neither installed nor loaded, and the configuration locked, so nothing a
   query says can reach the rest of the disk or the network.
3. A time limit interrupts a runaway query, a row limit truncates results, and a memory
   limit (with no spilling to disk) caps what one query can take.
Every refusal is a SandboxError with a message fit to show the user.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.queries import REMOTE, TABLES, table_source

TIME_LIMIT_S = 5.0
ROW_LIMIT = 10_000
MEMORY_LIMIT = "512MB"

EXAMPLES = {
    "largest_signed": (
        "Largest signed investments / 最大签约投资",
        "SELECT district, entity, raw, value / 1e8 AS yi_yuan, year, quote\n"
        "FROM facts\nWHERE metric = 'investment' AND status = 'signed'\nORDER BY value DESC\nLIMIT 10",
    ),
    "targets_by_year": (
        "Targets due by year / 按年份的目标",
        "SELECT year, district, metric, raw, quote\nFROM facts\nWHERE status = 'target'\nORDER BY year NULLS LAST, district",
    ),
    "clusters_by_district": (
        "Cluster mentions by district / 各区县产业集群提及",
        "SELECT district, cluster, count(*) AS mentions\nFROM clusters\nGROUP BY ALL\nORDER BY district, mentions DESC",
    ),
}


def _quote(path: str) -> str:
    """A path as a SQL string literal (views cannot take bound parameters)."""
    return str(path).replace("'", "''")


class SandboxError(Exception):
    """A query the sandbox refused or stopped; str() is the message for the user."""


@dataclass
class Result:
    frame: pd.DataFrame
    truncated: bool
    seconds: float
    notice: str | None


class Sandbox:
    def __init__(
        self,
        warehouse: Path | str,
        time_limit: float = TIME_LIMIT_S,
        row_limit: int = ROW_LIMIT,
        memory_limit: str = MEMORY_LIMIT,
    ):
        self.time_limit = time_limit
        self.row_limit = row_limit
        self.memory_limit = memory_limit
        self._lock = threading.Lock()
        con = duckdb.connect(
            ":memory:",
            config={
                "memory_limit": memory_limit,
                "threads": 1,
                "temp_directory": "",  # never spills to disk
                "autoinstall_known_extensions": False,
                "autoload_known_extensions": False,
            },
        )
        remote = str(warehouse).startswith(REMOTE)
        if not remote:
            # Views over the warehouse's own Parquet: nothing is copied, so a large warehouse
            # costs no memory here; DuckDB lets the engine open files in that folder only.
            home = str(Path(warehouse).resolve())
            con.execute("SET allowed_directories = ?", [[home + "/"]])
        for table in TABLES:
            src = table_source(Path(warehouse).resolve() if not remote else warehouse, table)
            kind = "TABLE" if remote else "VIEW"
            con.execute(f"CREATE {kind} {table} AS SELECT * FROM read_parquet('{_quote(src)}', hive_partitioning = true)")
        con.execute("SET enable_external_access = false")
        con.execute("SET allow_community_extensions = false")
        con.execute("SET lock_configuration = true")
        self._con = con

    def tables(self) -> pd.DataFrame:
        cur = self._con.cursor()
        try:
            return cur.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY table_name, ordinal_position"
            ).df()
        finally:
            cur.close()

    @staticmethod
    def check(sql: str) -> None:
        """Refuse anything but one SELECT statement, with a message saying why."""
        if not isinstance(sql, str) or not sql.strip():
            raise SandboxError("Empty query: write one SELECT statement.")
        if "\x00" in sql:
            raise SandboxError("The query contains a NUL character.")
        try:
            statements = duckdb.extract_statements(sql)
        except duckdb.Error as exc:
            raise SandboxError(f"SQL error: {_first_line(exc)}") from None
        if len(statements) != 1:
            raise SandboxError(f"One statement at a time (got {len(statements)}).")
        kind = statements[0].type.name
        if kind != "SELECT":
            raise SandboxError(f"Only SELECT queries are allowed here (got {kind}); the data is read-only.")

    def run(self, sql: str) -> Result:
        self.check(sql)
        cur = self._con.cursor()
        box: dict = {}

        def work() -> None:
            try:
                rel = cur.execute(sql)
                cols = [d[0] for d in rel.description] if rel.description else []
                rows = rel.fetchmany(self.row_limit + 1)
                box["frame"] = pd.DataFrame.from_records(rows, columns=_unique(cols))
            except BaseException as exc:  # reported below
                box["error"] = exc

        t0 = time.perf_counter()
        with self._lock:
            worker = threading.Thread(target=work, daemon=True)
            worker.start()
            worker.join(self.time_limit)
            if worker.is_alive():
                cur.interrupt()
                worker.join(5)
                cur.close()
                raise SandboxError(f"Query stopped after {self.time_limit:g} s (time limit).")
        cur.close()
        seconds = time.perf_counter() - t0
        if "error" in box:
            raise SandboxError(_explain(box["error"], self.memory_limit)) from None
        frame = box["frame"]
        truncated = len(frame) > self.row_limit
        if truncated:
            frame = frame.iloc[: self.row_limit]
        notice = f"Showing the first {self.row_limit:,} rows (row limit)." if truncated else None
        return Result(frame, truncated, seconds, notice)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _explain(exc: BaseException, memory_limit: str) -> str:
    msg = _first_line(exc)
    if (
        isinstance(exc, duckdb.PermissionException)
        or "disabled by configuration" in msg
        or "disabled through configuration" in msg
    ):
        return f"File and network access is disabled here: {msg}"
    if isinstance(exc, duckdb.OutOfMemoryException) or "Out of Memory" in msg:
        return f"Query stopped: it needs more than the {memory_limit} memory limit."
    if isinstance(exc, duckdb.InterruptException):
        return "Query interrupted."
    if isinstance(exc, duckdb.Error):
        return f"SQL error: {msg}"
    return f"Query failed: {msg}"


def _unique(cols: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for c in cols:
        if c in seen:
            seen[c] += 1
            out.append(f"{c}_{seen[c]}")
        else:
            seen[c] = 0
            out.append(c)
    return out
