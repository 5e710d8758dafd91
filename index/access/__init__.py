"""Who may do what: accounts (argon2-hashed passwords) or a trusted single-sign-on proxy, page
sessions that expire, the three roles, and the append-only audit log.

``roles`` names the roles and what each may do; ``accounts`` keeps the accounts; ``sessions``
signs people in (password or proxy header) and keeps their session valid; ``manage`` is what an
admin does to accounts; ``audit`` records who did what, when. The page, the REST API and the CLI
reach all of it through ``index.api``.
"""
