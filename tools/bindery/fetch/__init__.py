"""``bindery fetch``: a public blog's REST API saved under ``raw/``, politely.

``client.py`` is the one place requests are made (robots.txt, delay,
retries, redirects, no credentials); ``discovery.py`` finds the site's API;
``staging.py`` keeps a fetch in progress out of ``raw/`` until it is
complete; ``run.py`` decides what to download (only what is new or
changed since the last fetch).  What is saved is read by
``sources/rest.py``, like any other source.
"""
