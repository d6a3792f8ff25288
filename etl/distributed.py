"""The same extraction on a Dask cluster (python -m etl build --engine dask).

Dask rather than Spark: the extractor is pure Python working on small files, Dask runs it
as-is in worker processes with no JVM, its LocalCluster needs nothing but pip, and the same
code points at a multi-machine scheduler by address (DASK_SCHEDULER_ADDRESS).
"""

from __future__ import annotations

import os
from collections.abc import Callable


def extract_with_dask(func: Callable, work: list, workers: int = 2, batch: int = 64) -> list:
    """Run ``func`` (the local path's own extraction function) over ``work`` on Dask and
    return results in input order."""
    from dask.distributed import Client, LocalCluster

    address = os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        client, cluster = Client(address), None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        chunks = [work[i : i + batch] for i in range(0, len(work), batch)]
        futures = client.map(_run_batch, [func] * len(chunks), chunks, pure=False)
        out: list = []
        for part in client.gather(futures):
            out.extend(part)
        return out
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _run_batch(func: Callable, items: list) -> list:
    return [func(item) for item in items]
