"""Pricing lookups via the external rpc library."""
from svc._awaitify_runtime import run_sync
from rpc.client import Client


async def async_quote(x):
    """Ask the pricing service for a quote."""
    c = Client("svc")
    # rpc.client is declared blocking in pyproject.toml.
    return await c.call_async("method", x)


def quote(x):
    """Sync shim kept by awaitify: runs `async_quote` to completion."""
    return run_sync(async_quote(x))


async def async_quote_with_tax(x, rate=0.2):
    """Calls quote(); migrates because quote does."""
    return await async_quote(x) * (1 + rate)


def quote_with_tax(x, rate=0.2):
    """Sync shim kept by awaitify: runs `async_quote_with_tax` to completion."""
    return run_sync(async_quote_with_tax(x, rate))


def service_name():
    """Look-alike: constructs a Client but never calls it."""
    c = Client("svc")
    return repr(c)
