"""Turn Chinese district articles into traceable fact tables.

Stages (each a plain module, testable on its own):
read (decode) -> clean (glosses, T->S, boilerplate) -> quantities (numbers + units)
-> facts (metric, status, year, place, scope, entity, cluster) -> overrides -> build (atomic Parquet).
"""

EXTRACTOR_VERSION = "1.2.0"  # 1.2: plan titles, profit, list numbers, kinds of project; 1.1: sentence topics, report years
