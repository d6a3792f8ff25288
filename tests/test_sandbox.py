import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.sandbox import Sandbox, SandboxError


@pytest.fixture(scope="module")
def sandbox(warehouse):
    return Sandbox(warehouse, time_limit=2.0, row_limit=100)


def refused(sandbox, sql) -> str:
    with pytest.raises(SandboxError) as exc:
        sandbox.run(sql)
    return str(exc.value)


def test_a_real_query(sandbox):
    r = sandbox.run("SELECT raw, value FROM facts WHERE metric = 'investment' AND status = 'signed' ORDER BY value DESC LIMIT 2")
    assert r.frame.to_dict("records") == [
        {"raw": "250.42亿元", "value": 25042000000.0},
        {"raw": "152亿元", "value": 15200000000.0},
    ]
    assert (r.truncated, r.notice) == (False, None)


@pytest.mark.parametrize(
    "sql,kind",
    [
        ("CREATE TABLE x (a INT)", "CREATE"),
        ("INSERT INTO facts SELECT * FROM facts", "INSERT"),
        ("UPDATE facts SET value = 0", "UPDATE"),
        ("DELETE FROM facts", "DELETE"),
        ("DROP TABLE facts", "DROP"),
        ("COPY facts TO '/tmp/stolen.csv'", "COPY"),
        ("ATTACH '/tmp/other.db' AS o", "ATTACH"),
        ("INSTALL httpfs", "LOAD"),
        ("LOAD httpfs", "LOAD"),
        ("PRAGMA enable_profiling", "PRAGMA"),
        ("SET enable_external_access = true", "SET"),
        ("SET memory_limit = '100GB'", "SET"),
        ("EXPORT DATABASE '/tmp/x'", "EXPORT"),
        ("CALL pragma_version()", "CALL"),
    ],
)
def test_writes_and_configuration_refused(sandbox, sql, kind):
    assert refused(sandbox, sql) == f"Only SELECT queries are allowed here (got {kind}); the data is read-only."


@pytest.mark.parametrize(
    "sql,target",
    [
        ("SELECT * FROM read_csv('/etc/passwd')", "/etc/passwd"),
        ("SELECT * FROM read_text('/etc/passwd')", "/etc/passwd"),
        ("SELECT * FROM glob('/etc/*')", "/etc/*"),
        ("SELECT * FROM read_parquet('https://example.com/x.parquet')", "https://example.com/x.parquet"),
        ("SELECT * FROM read_csv('s3://bucket/x.csv')", "s3://bucket/x.csv"),
    ],
)
def test_file_and_network_access_refused(sandbox, sql, target):
    msg = refused(sandbox, sql)
    assert msg.startswith("File and network access is disabled here: ")
    assert target in msg


def test_one_statement_at_a_time(sandbox):
    assert refused(sandbox, "SELECT 1; DROP TABLE facts") == "One statement at a time (got 2)."


def test_runaway_query_interrupted_and_sandbox_still_serves(sandbox):
    msg = refused(sandbox, "SELECT count(*) FROM facts a, facts b, facts c, facts d, facts e, facts f, facts g")
    assert msg == "Query stopped after 2 s (time limit)."
    assert sandbox.run("SELECT count(*) AS n FROM documents").frame["n"][0] == 5


def test_row_limit(sandbox):
    r = sandbox.run("SELECT * FROM range(1000)")
    assert len(r.frame) == 100 and r.truncated
    assert r.notice == "Showing the first 100 rows (row limit)."


def test_configuration_is_locked(sandbox):
    r = sandbox.run("SELECT current_setting('enable_external_access') AS a, current_setting('lock_configuration') AS b")
    assert r.frame.to_dict("records") == [{"a": False, "b": True}]


def test_memory_cap(warehouse):
    small = Sandbox(warehouse, time_limit=20, memory_limit="64MB")
    msg = refused(small, "SELECT list(range) FROM (SELECT * FROM range(30000000)) GROUP BY range % 3")
    assert msg == "Query stopped: it needs more than the 64MB memory limit."
    assert small.run("SELECT 1 AS one").frame["one"][0] == 1


def test_syntax_error_message(sandbox):
    assert refused(sandbox, "SELEC 1").startswith('SQL error: Parser Error: syntax error at or near "SELEC"')
    assert refused(sandbox, "   ") == "Empty query: write one SELECT statement."


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_random_strings_only_raise_sandbox_errors(sandbox, text):
    try:
        sandbox.run(text)
    except SandboxError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                "SELECT",
                "*",
                "FROM",
                "facts",
                "WHERE",
                "'",
                ";",
                "read_csv(",
                "'/etc/passwd'",
                ")",
                "COPY",
                "TO",
                "--",
                "UNION",
                "1",
            ]
        ),
        max_size=12,
    )
)
def test_random_sql_like_strings_only_raise_sandbox_errors(sandbox, words):
    try:
        r = sandbox.run(" ".join(words))
    except SandboxError:
        return
    assert len(r.frame) <= 100


def test_paths_out_of_the_warehouse_refused(sandbox, warehouse):
    home = warehouse.resolve()
    msg = refused(sandbox, f"SELECT * FROM read_text('{home}/../../raw/manifest.csv')")
    assert msg.startswith("File and network access is disabled here: ")


def test_warehouse_larger_than_the_memory_limit_is_still_served(warehouse, tmp_path):
    """The sandbox reads the warehouse's Parquet in place: a documents table of 120 MB of text
    under a 64 MB limit is counted, not copied (copying it failed before)."""
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    big = tmp_path / "wh"
    shutil.copytree(warehouse.resolve(), big)
    docs = pq.read_table(big / "documents.parquet")
    text = "锦江区投资13亿元建设5G基站。" * 20_000  # 300,000 characters, 900 KB
    rows = [dict(r, doc_id=f"{r['doc_id']}-{i}", text=text) for i in range(27) for r in docs.to_pylist()]
    pq.write_table(pa.Table.from_pylist(rows, schema=docs.schema), big / "documents.parquet")
    small = Sandbox(big, time_limit=20, memory_limit="64MB")
    r = small.run("SELECT count(*) AS n, sum(length(text)) AS chars FROM documents")
    assert r.frame.to_dict("records") == [{"n": 135, "chars": 135 * len(text)}]
