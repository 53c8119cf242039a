"""AWT401 (configured prefix) and AWT402 (module global rebound in async code)."""
import asyncio

current_request = None
counter = 0


async def handle(request):                       # AWT401: no async_ prefix
    global current_request
    current_request = request                    # AWT402
    await asyncio.sleep(0)
    return current_request


async def async_count():
    global counter
    counter += 1                                 # AWT402
    await asyncio.sleep(0)


async def async_no_await():
    global counter
    counter = 0                                  # fine: no await, no interleaving


def sync_set(request):
    global current_request
    current_request = request                    # sync code: fine
