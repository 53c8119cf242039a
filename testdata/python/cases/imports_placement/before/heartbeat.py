#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Send a periodic heartbeat file for the supervisor.

The supervisor restarts us when the file goes stale.
"""
from __future__ import annotations

# ---------------------------------------------------------------
# Heartbeat settings. Keep these in sync with supervisor.conf.
# ---------------------------------------------------------------
import os
import time

HEARTBEAT_PATH = os.environ.get("HEARTBEAT_PATH", "/run/app/heartbeat")


def beat(interval: float = 5.0) -> None:
    """Touch the heartbeat file, then wait one interval."""
    os.utime(HEARTBEAT_PATH, None)
    time.sleep(interval)


def stale_after(interval: float = 5.0) -> float:
    """Look-alike: pure arithmetic on the interval."""
    return interval * 3
