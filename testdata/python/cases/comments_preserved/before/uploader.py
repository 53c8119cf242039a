"""Upload build artifacts."""
import time

import requests

# ---------------------------------------------------------------
# Upload endpoint; overridden in staging via the environment.
# ---------------------------------------------------------------
ENDPOINT = "https://artifacts.example.com/upload"


# Sends a single artifact.
# Retries are handled by the caller.
def upload(name, blob):
    """POST one artifact and return the server's id for it."""
    # Build the multipart payload.
    files = {"file": (name, blob)}

    resp = requests.post(
        ENDPOINT,  # the upload URL
        files=files,
        timeout=60,
    )

    data = resp.json()["id"]
    return data  # trailing


def upload_all(artifacts, pause=0.5):
    """Upload every artifact, pausing between them."""
    ids = []
    for name, blob in artifacts.items():
        ids.append(upload(name,
                          blob))
        total_wait = pause + \
            0.0
        time.sleep(total_wait)  # be polite to the server

    return ids  # all ids, in upload order


def artifact_name(base, version):  # look-alike: pure
    return f"{base}-{version}"  # trailing on a pure function
