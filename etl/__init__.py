"""Turn Chinese district articles into traceable fact tables.

Stages (each a plain module, testable on its own):
read (decode) -> clean (glosses, T->S, boilerplate) -> quantities (numbers + units)
-> facts (metric, status, year, place, scope, entity, cluster) -> overrides -> build (atomic Parquet).
"""

# 1.5: rules (why each field is what it is), resolvers one per field; 1.4: of_metric (what a growth rate is the growth of), round figures (百余家), two-character counties,
# HTML table cells; 1.3: physical units, county zones, past horizons; 1.2: plan titles, profit, list numbers; 1.1: topics
EXTRACTOR_VERSION = "1.6.0"
