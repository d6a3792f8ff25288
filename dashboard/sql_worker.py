"""One SQL sandbox worker: a process of its own, so that a query can be stopped for certain.

Started by ``dashboard.sandbox`` as ``python -m dashboard.sql_worker WAREHOUSE MEMORY_LIMIT
ROW_LIMIT RESULT_BYTES ADDRESS_SPACE``. It opens the locked DuckDB connection over the warehouse,
caps its own address space (RLIMIT_AS: what it already has plus ADDRESS_SPACE bytes), then
answers queries read from standard input, one JSON line each, with a JSON header line and the
result as Arrow IPC bytes on standard output. The parent kills it at the time limit; the
memory cap makes an allocation fail (DuckDB then raises "Out of Memory") instead of letting the
process grow; the result is cut at ROW_LIMIT rows and refused above RESULT_BYTES.
Nothing but the protocol is written to standard output.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

TABLES = ("facts", "documents", "districts", "clusters", "entities", "metrics")
REMOTE = ("s3://", "gs://", "gcs://", "r2://", "az://", "abfss://", "http://", "https://")
BATCH_ROWS = 512


def _quote(path: str) -> str:
    """A path as a SQL string literal (views cannot take bound parameters)."""
    return str(path).replace("'", "''")


def table_source(warehouse: str, table: str) -> str:
    """Where a table's Parquet is: one file, or a hive-partitioned folder, locally or at a URL."""
    base = str(warehouse).rstrip("/")
    if base.startswith(REMOTE):
        return f"{base}/{table}.parquet" if table != "facts" else f"{base}/facts/**/*.parquet"
    single = Path(base) / f"{table}.parquet"
    return str(single) if single.exists() else str(Path(base) / table / "**" / "*.parquet")


def connect(warehouse: str, memory_limit: str):
    import duckdb

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
    remote = warehouse.startswith(REMOTE)
    home = warehouse if remote else str(Path(warehouse).resolve())
    if not remote:
        # Views over the warehouse's own Parquet: nothing is copied; DuckDB opens files in that folder only.
        con.execute("SET allowed_directories = ?", [[home + "/"]])
    for table in TABLES:
        kind = "TABLE" if remote else "VIEW"
        src = _quote(table_source(home, table))
        con.execute(f"CREATE {kind} {table} AS SELECT * FROM read_parquet('{src}', hive_partitioning = true)")  # noqa: S608
    con.execute("SET enable_external_access = false")
    con.execute("SET allow_community_extensions = false")
    con.execute("SET lock_configuration = true")
    return con


def cap_address_space(extra: int) -> None:
    """Allow what the process maps now plus ``extra`` bytes, no more."""
    with open("/proc/self/status", encoding="ascii") as fh:
        size = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (size + extra, size + extra))


def classify(exc: BaseException) -> str:
    import duckdb

    msg = str(exc)
    if (
        isinstance(exc, duckdb.PermissionException)
        or "disabled by configuration" in msg
        or "disabled through configuration" in msg
    ):
        return "permission"
    if isinstance(exc, duckdb.OutOfMemoryException | MemoryError) or "Out of Memory" in msg:
        return "memory"
    if isinstance(exc, duckdb.InterruptException):
        return "interrupt"
    if isinstance(exc, duckdb.Error):
        return "sql"
    return "failed"


def answer(con, sql: str, row_limit: int, result_bytes: int) -> tuple[dict, bytes]:
    import pyarrow as pa

    try:
        reader = con.execute(sql).to_arrow_reader(BATCH_ROWS)
        batches, rows, size = [], 0, 0
        for batch in reader:
            batches.append(batch)
            rows += batch.num_rows
            size += batch.nbytes
            if size > result_bytes:
                return {"error": "too_large", "detail": ""}, b""
            if rows > row_limit:
                break
        table = pa.Table.from_batches(batches, schema=reader.schema)
        truncated = table.num_rows > row_limit
        table = table.slice(0, row_limit)
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        return {"truncated": truncated}, sink.getvalue().to_pybytes()
    except BaseException as exc:  # every failure is an answer, never the end of the worker
        lines = str(exc).strip().splitlines()
        return {"error": classify(exc), "detail": lines[0] if lines else type(exc).__name__}, b""


def serve(argv: list[str]) -> None:
    warehouse, memory_limit, row_limit, result_bytes, address_space = argv
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # the protocol owns standard output
    con = connect(warehouse, memory_limit)
    cap_address_space(int(address_space))
    for line in sys.stdin.buffer:
        sql = json.loads(line)["sql"]
        header, payload = answer(con, sql, int(row_limit), int(result_bytes))
        header["bytes"] = len(payload)
        out.write(json.dumps(header).encode() + b"\n" + payload)
        out.flush()


if __name__ == "__main__":
    serve(sys.argv[1:])
