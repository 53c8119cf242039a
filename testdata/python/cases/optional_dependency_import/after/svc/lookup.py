"""SRV lookups; dnspython is optional and imported only where it is used."""
try:
    import dns.asyncresolver
except ImportError:  # optional, as where the blocking call's library is imported
    pass
from svc._awaitify_runtime import run_sync


async def async_resolve_srv(name):
    from dns import resolver

    return await dns.asyncresolver.resolve(name, "SRV")


def resolve_srv(name):
    """Sync shim kept by awaitify: runs `async_resolve_srv` to completion."""
    return run_sync(async_resolve_srv(name))


async def async_hosts(name):
    return [str(r.target) for r in await async_resolve_srv(name)]


def hosts(name):
    """Sync shim kept by awaitify: runs `async_hosts` to completion."""
    return run_sync(async_hosts(name))
