"""Speed helpers with no numerics of their own.

Compiling a 10,000-site network or validating its file creates a few hundred thousand small objects (lines,
tuples, validated models) that stay alive; Python's cyclic garbage collector, triggered every few hundred
allocations, re-scans them over and over and takes about a third of the time (``bench/network.py``). None of
these objects form reference cycles, so collection is paused while they are built and resumed afterwards.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused_gc():
    """Pause cyclic garbage collection for the block (reference counting still frees memory); restored on exit,
    also on an exception, and left alone when the caller had already disabled it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
