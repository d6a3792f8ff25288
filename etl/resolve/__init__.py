"""One resolver per field of a fact: metric, status, year, entity, place and scope, cluster."""
