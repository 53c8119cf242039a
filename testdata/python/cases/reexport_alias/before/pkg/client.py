from .conninfo import connect_attempts, format_hosts


def open_primary(hosts):
    sock = connect_attempts(hosts)
    return sock


def describe(hosts):
    return "hosts=" + format_hosts(hosts)
