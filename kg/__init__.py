"""lgsco-kg: decisions of the Local Government and Social Care Ombudsman as a knowledge graph.

The flow, one module per arrow (see ``../shared/DESIGN.md``)::

    text/HTML --parse--> kg.model.Decision --mapping--> rdflib Dataset
              --validate--> report --store--> memory | Oxigraph | remote
              --> kg.query / kg.export / kg.cli
"""

__version__ = "0.1.0"
