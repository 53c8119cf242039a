"""SRV lookups; dnspython is optional and imported only where it is used."""


def resolve_srv(name):
    from dns import resolver

    return resolver.resolve(name, "SRV")


def hosts(name):
    return [str(r.target) for r in resolve_srv(name)]
