"""The WSGI entry settles the process before its first request (config.startup): what start-up
loaded is frozen out of the garbage collector's full passes, which otherwise cost about 55 ms
on whichever request triggered one (docs/performance.md, the dashboard's p95)."""

import gc
import importlib
import sys
import time


def test_the_wsgi_entry_freezes_what_start_up_loaded():
    gc.unfreeze()
    try:
        if "config.wsgi" in sys.modules:
            importlib.reload(sys.modules["config.wsgi"])
        else:
            importlib.import_module("config.wsgi")
        frozen = gc.get_freeze_count()
        started = time.perf_counter()
        gc.collect()
        after_freeze = time.perf_counter() - started
        gc.unfreeze()
        started = time.perf_counter()
        gc.collect()
        unfrozen = time.perf_counter() - started
    finally:
        gc.unfreeze()
    assert frozen > 0
    # A full pass skips the frozen objects: it takes a fraction of one that walks them all.
    assert after_freeze < unfrozen / 2, (after_freeze, unfrozen)
