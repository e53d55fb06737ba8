"""Data package: the OWL ontology, SHACL shapes, SKOS vocabularies and JSON-LD context (read with kg.resources)."""
