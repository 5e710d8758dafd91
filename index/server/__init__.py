"""The REST API: ``python -m index serve`` answers the office's questions over HTTP.

``app.create_app`` assembles it: ``search_routes`` (ask, search, documents, stats) and
``archive_routes`` (uploads, reindex, jobs, tokens) over one ``state.ServerState`` (one model,
one index reader per process); ``auth`` checks bearer tokens kept hashed by ``tokens``;
``errors`` turns every failure into ``{"error": ...}`` JSON; ``schemas`` holds the request
bodies and the documented responses, which are the CLI's ``--json`` records plus
``schema_version``. ``client`` is what ``python -m index ask --server URL`` uses.
"""
