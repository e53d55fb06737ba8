"""Data package: one named SPARQL query per .rq file (read with kg.resources)."""
