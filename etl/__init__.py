"""Turn Chinese district articles into traceable fact tables.

Stages (each a plain module, testable on its own):
read (decode) -> clean (glosses, T->S, boilerplate) -> quantities (numbers + units)
-> facts (metric, status, year, place, scope, entity, cluster) -> overrides -> build (atomic Parquet).
"""

EXTRACTOR_VERSION = "1.1.0"  # 1.1: sentence topics, report-title years, 年内, size classes, 工业园区
