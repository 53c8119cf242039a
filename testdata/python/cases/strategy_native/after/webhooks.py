"""Deliver webhooks and check their targets."""
import httpx
from _awaitify_runtime import run_sync
import requests


async def async_check_target(url):
    """HEAD-like probe: GET without following redirects."""
    resp = await httpx.AsyncClient(follow_redirects=True, timeout=None).get(url, follow_redirects=False, timeout=5)
    return resp.status_code


def check_target(url):
    """Sync shim kept by awaitify: runs `async_check_target` to completion."""
    return run_sync(async_check_target(url))


async def async_deliver(url, body):
    """POST a JSON body to the webhook target."""
    resp = await httpx.AsyncClient(follow_redirects=True, timeout=None).post(url, json=body)
    # Let the caller decide how to handle failures.
    return resp.status_code < 300


def deliver(url, body):
    """Sync shim kept by awaitify: runs `async_deliver` to completion."""
    return run_sync(async_deliver(url, body))


async def async_deliver_checked(url, body):
    """Probe first, then deliver."""
    if await async_check_target(url) >= 400:
        return False
    return await async_deliver(url, body)


def deliver_checked(url, body):
    """Sync shim kept by awaitify: runs `async_deliver_checked` to completion."""
    return run_sync(async_deliver_checked(url, body))


def payload_for(event):
    """Look-alike: builds the body, no network."""
    return {"event": event, "version": 1}
