import time

async for item in source:
    time.sleep(item)
