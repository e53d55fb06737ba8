"""The Ombudsman's site -> WARC files and an index: ``kg harvest``.

* :mod:`kg.harvest.site` — decision addresses, search-result pages, date windows, search-result cards;
* :mod:`kg.harvest.polite` — robots.txt, one connection, a rate, retries, Retry-After, a circuit breaker;
* :mod:`kg.harvest.archive` — WARC records and the SQLite index; recovery after a kill;
* :mod:`kg.harvest.reader` — the reading side ``kg build`` uses (decision pages stored, their bodies);
* :mod:`kg.harvest.run` — one harvest: discover, fetch conditionally, archive, resume.

Nothing here is imported by a build worker but :mod:`kg.harvest.reader`, which needs no network code.
"""
