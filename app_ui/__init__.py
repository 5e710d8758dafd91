"""Helpers for the Streamlit page: strings, escaping and HTML rendering, upload checks, a build job.

Nothing here searches or answers: the page calls ``index.api`` for that, one function per action.
"""
