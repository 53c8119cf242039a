"""Upload build artifacts."""
import asyncio
from _awaitify_runtime import run_sync
import time

import requests

# ---------------------------------------------------------------
# Upload endpoint; overridden in staging via the environment.
# ---------------------------------------------------------------
ENDPOINT = "https://artifacts.example.com/upload"


# Sends a single artifact.
# Retries are handled by the caller.
async def async_upload(name, blob):
    """POST one artifact and return the server's id for it."""
    # Build the multipart payload.
    files = {"file": (name, blob)}

    resp = await asyncio.to_thread(requests.post,
        ENDPOINT,  # the upload URL
        files=files,
        timeout=60,
    )

    data = resp.json()["id"]
    return data  # trailing


def upload(name, blob):
    """Sync shim kept by awaitify: runs `async_upload` to completion."""
    return run_sync(async_upload(name, blob))


async def async_upload_all(artifacts, pause=0.5):
    """Upload every artifact, pausing between them."""
    ids = []
    for name, blob in artifacts.items():
        ids.append(await async_upload(name,
                          blob))
        total_wait = pause + \
            0.0
        await asyncio.sleep(total_wait)  # be polite to the server

    return ids  # all ids, in upload order


def upload_all(artifacts, pause=0.5):
    """Sync shim kept by awaitify: runs `async_upload_all` to completion."""
    return run_sync(async_upload_all(artifacts, pause))


def artifact_name(base, version):  # look-alike: pure
    return f"{base}-{version}"  # trailing on a pure function
