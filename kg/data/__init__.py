"""Reference tables derived from open data, read through :func:`kg.resources.reference_file` (no code here).

``authorities.csv``: English local authorities of mySociety's registry, CC BY 4.0 (``ATTRIBUTION.md``), built by
``tools/derive_authorities.py``.
"""
