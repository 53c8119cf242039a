"""Pricing lookups via the external rpc library."""
from rpc.client import Client


def quote(x):
    """Ask the pricing service for a quote."""
    c = Client("svc")
    # rpc.client is declared blocking in pyproject.toml.
    return c.call("method", x)


def quote_with_tax(x, rate=0.2):
    """Calls quote(); migrates because quote does."""
    return quote(x) * (1 + rate)


def service_name():
    """Look-alike: constructs a Client but never calls it."""
    c = Client("svc")
    return repr(c)
