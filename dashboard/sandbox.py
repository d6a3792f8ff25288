"""Read-only SQL over the warehouse tables, safe against hostile input.

Defence in depth:
1. Only a single SELECT statement is accepted (DuckDB's own parser decides the type).
2. Queries run in worker processes of their own (``dashboard.sql_worker``) on an in-memory
   connection whose tables are views over the warehouse's Parquet, with file and network
   access disabled except for reading inside the warehouse folder, extensions neither
   installed nor loaded, and the configuration locked.
3. A query that runs past the time limit has its worker killed (SIGKILL: DuckDB cannot ignore
   it) and a fresh worker takes its place; a worker's address space is capped (RLIMIT_AS), so a
   query that asks for more memory fails in the worker, never in the server; results are cut
   at a row limit and refused above a size in bytes.
4. Several workers serve at once, so one user's slow query does not hold up another's.
Every refusal is a SandboxError whose message, in English (``str``) or Chinese (``.zh``), is
plain text fit to show the user.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

TIME_LIMIT_S = 5.0
ROW_LIMIT = 10_000
RESULT_BYTES = 16 * 2**20
MEMORY_LIMIT = "512MB"  # DuckDB's own limit, within the worker's
ADDRESS_SPACE = 1 * 2**30  # what a worker may map beyond what it has after start-up
WORKERS = 2
START_TIMEOUT_S = 30.0

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


MESSAGES = {
    "empty": ("Empty query: write one SELECT statement.", "查询为空:请写一条 SELECT 语句。"),
    "nul": ("The query contains a NUL character.", "查询含有 NUL 字符。"),
    "not_text": ("The query is not valid text: it holds bytes that are not UTF-8.", "查询不是有效文本:含有非 UTF-8 字节。"),
    "statements": ("One statement at a time (got {n}).", "一次只能执行一条语句(收到 {n} 条)。"),
    "not_select": (
        "Only SELECT queries are allowed here (got {kind}); the data is read-only.",
        "此处只允许 SELECT 查询(收到 {kind});数据为只读。",
    ),
    "sql": ("SQL error: {detail}", "SQL 错误:{detail}"),
    "permission": ("File and network access is disabled here: {detail}", "此处禁止访问文件和网络:{detail}"),
    "memory": ("Query stopped: it needs more than the {limit} memory limit.", "查询已停止:所需内存超过 {limit} 的上限。"),
    "too_large": (
        "Query stopped: its result is larger than {mb} MB (result limit); select fewer rows or shorter columns.",
        "查询已停止:结果超过 {mb} MB(结果上限);请减少行数或缩短列。",
    ),
    "time": ("Query stopped after {s:g} s (time limit).", "查询在 {s:g} 秒后停止(时间上限)。"),
    "crashed": (
        "Query stopped: its worker process ended (exit {code}); nothing else was affected.",
        "查询已停止:查询进程意外退出(退出码 {code});其他查询不受影响。",
    ),
    "busy": (
        "Every query worker is busy with other queries; try again in a few seconds.",
        "所有查询进程都在处理其他查询,请几秒后再试。",
    ),
    "interrupt": ("Query interrupted.", "查询被中断。"),
    "failed": ("Query failed: {detail}", "查询失败:{detail}"),
    "rows": ("Showing the first {n:,} rows (row limit).", "仅显示前 {n:,} 行(行数上限)。"),
}


class SandboxError(Exception):
    """A query the sandbox refused or stopped: ``str()`` is the English message, ``.zh`` the
    Chinese one, ``.key`` which refusal it is."""

    def __init__(self, key: str, **params):
        en, zh = MESSAGES[key]
        self.key, self.en, self.zh = key, en.format(**params), zh.format(**params)
        super().__init__(self.en)

    def message(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass
class Result:
    frame: pd.DataFrame
    truncated: bool
    seconds: float
    notice: str | None
    notice_zh: str | None = None

    def notice_in(self, lang: str) -> str | None:
        return self.notice_zh if lang == "zh" else self.notice


class _Worker:
    """One ``dashboard.sql_worker`` process and its pipes."""

    def __init__(self, warehouse: str, memory_limit: str, row_limit: int, result_bytes: int, address_space: int):
        args = [warehouse, memory_limit, str(row_limit), str(result_bytes), str(address_space)]
        self.proc = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "dashboard.sql_worker", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=str(Path(__file__).resolve().parent.parent),
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        )

    def ask(self, sql: str) -> tuple[dict, bytes]:
        """Send one query and read its answer; raises EOFError when the worker is gone."""
        assert self.proc.stdin and self.proc.stdout
        try:
            self.proc.stdin.write(json.dumps({"sql": sql}).encode() + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise EOFError("worker gone") from exc
        line = self.proc.stdout.readline()
        if not line:
            raise EOFError("worker gone")
        header = json.loads(line)
        payload = self.proc.stdout.read(header["bytes"]) if header["bytes"] else b""
        if len(payload) != header["bytes"]:
            raise EOFError("worker gone")
        return header, payload

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> int:
        self.proc.kill()
        try:
            return self.proc.wait(5)
        finally:
            for pipe in (self.proc.stdin, self.proc.stdout):
                if pipe:
                    pipe.close()


class Sandbox:
    def __init__(
        self,
        warehouse: Path | str,
        time_limit: float = TIME_LIMIT_S,
        row_limit: int = ROW_LIMIT,
        memory_limit: str = MEMORY_LIMIT,
        workers: int = WORKERS,
        result_bytes: int = RESULT_BYTES,
        address_space: int = ADDRESS_SPACE,
    ):
        self.time_limit = time_limit
        self.row_limit = row_limit
        self.memory_limit = memory_limit
        self.result_bytes = result_bytes
        self._spec = (str(warehouse), memory_limit, row_limit, result_bytes, address_space)
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._count = 0
        self._max = max(1, workers)
        self._lock = threading.Lock()
        # every worker started now, side by side, so that a second user never waits for one to start
        # (and a worker that cannot start is a clear error now, not at the first query)
        with self._lock:
            self._count = self._max
        starting = [_Worker(*self._spec) for _ in range(self._max)]
        for w in starting:
            self._release(self._checked(w))

    # ------------------------------------------------------------------ workers

    def _checked_start(self) -> _Worker:
        """A new worker in place of one that was killed."""
        with self._lock:
            self._count += 1
        return self._checked(_Worker(*self._spec))

    def _checked(self, w: _Worker) -> _Worker:
        try:
            header, _ = self._ask(w, "SELECT 1", START_TIMEOUT_S)
        except BaseException:
            self._discard(w)
            raise
        if "error" in header:
            self._discard(w)
            raise SandboxError("failed", detail=header["detail"])
        return w

    def _acquire(self) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            spawn = self._count < self._max
        if spawn:
            return self._checked_start()
        try:
            return self._idle.get(timeout=self.time_limit)
        except queue.Empty:
            raise SandboxError("busy") from None

    def _release(self, w: _Worker) -> None:
        if w.alive():
            self._idle.put(w)
        else:
            self._discard(w)

    def _discard(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            self._count -= 1

    def _ask(self, w: _Worker, sql: str, limit: float) -> tuple[dict, bytes]:
        box: dict = {}

        def talk() -> None:
            try:
                box["answer"] = w.ask(sql)
            except BaseException as exc:  # reported below
                box["error"] = exc

        talker = threading.Thread(target=talk, daemon=True)
        talker.start()
        talker.join(limit)
        if talker.is_alive():
            w.kill()  # the only stop a runaway query cannot ignore
            talker.join(5)
            raise SandboxError("time", s=limit)
        if "error" in box:
            code = w.kill()
            raise SandboxError("crashed", code=code) from None
        return box["answer"]

    def close(self) -> None:
        while True:
            try:
                self._discard(self._idle.get_nowait())
            except queue.Empty:
                return

    def __del__(self):  # pragma: no cover - best effort at interpreter exit
        try:
            self.close()
        except Exception:
            pass

    # ------------------------------------------------------------------ queries

    def tables(self) -> pd.DataFrame:
        return self.run(
            "SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY table_name, ordinal_position"
        ).frame

    @staticmethod
    def check(sql: str) -> None:
        """Refuse anything but one SELECT statement, with a message saying why."""
        import duckdb

        if not isinstance(sql, str) or not sql.strip():
            raise SandboxError("empty")
        if "\x00" in sql:
            raise SandboxError("nul")
        try:
            sql.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: bytes from the command line that are not UTF-8
            raise SandboxError("not_text") from None
        try:
            statements = duckdb.extract_statements(sql)
        except duckdb.Error as exc:
            raise SandboxError("sql", detail=_first_line(exc)) from None
        if len(statements) != 1:
            raise SandboxError("statements", n=len(statements))
        kind = statements[0].type.name
        if kind != "SELECT":
            raise SandboxError("not_select", kind=kind)

    def run(self, sql: str) -> Result:
        import pyarrow as pa

        self.check(sql)
        t0 = time.perf_counter()
        w = self._acquire()
        try:
            header, payload = self._ask(w, sql, self.time_limit)
        finally:
            self._release(w)
        seconds = time.perf_counter() - t0
        if "error" in header:
            key, detail = header["error"], header["detail"]
            if key == "memory":
                raise SandboxError("memory", limit=self.memory_limit)
            if key == "too_large":
                raise SandboxError("too_large", mb=self.result_bytes // 2**20)
            raise SandboxError(key, detail=detail)
        table = pa.ipc.open_stream(payload).read_all()
        frame = pd.DataFrame({name: col.to_pylist() for name, col in zip(_unique(table.column_names), table.columns)})
        truncated = bool(header["truncated"])
        en, zh = MESSAGES["rows"]
        if truncated:
            return Result(frame, True, seconds, en.format(n=self.row_limit), zh.format(n=self.row_limit))
        return Result(frame, False, seconds, None, None)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


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
