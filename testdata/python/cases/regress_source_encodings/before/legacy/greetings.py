# -*- coding: latin-1 -*-
"""Greetings kept in latin-1, as this old module was written (CPython reads the
declaration; so must awaitify, and write the file back in latin-1)."""
import time

GREETING = "héllo, café"


def greet(name):
    time.sleep(0.001)  # prétend to wait
    return f"{GREETING} {name}"
