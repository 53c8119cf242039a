import time


async def handler():
    time.sleep(1)
