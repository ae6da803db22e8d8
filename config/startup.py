"""What a server process does once Django is set up, before its first request: load every
module its pages need, then keep what was loaded out of the garbage collector's full passes.

A full collection walks every object the process tracks: about 130,000 once Django, the apps
and their libraries are loaded, 55 ms on the benchmark's machine, paid by whichever request
allocates the last straw (the dashboard's p95 was twice its median, docs/performance.md).
`gc.freeze()` moves the objects alive now to a permanent generation that collections skip
(Python's documentation of the gc module); objects created later are collected as before.
"""

import gc

from django.urls import get_resolver


def settle() -> None:
    """Import every view (the URLconf names them all, with their forms, tables and libraries),
    collect what start-up left behind, and freeze the rest."""
    get_resolver().url_patterns  # noqa: B018 (reading it imports every URLconf and view)
    gc.collect()
    gc.freeze()
