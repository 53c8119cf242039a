import time


async def test_quote():
    time.sleep(0.1)                              # AWT101 ignored for tests/*
