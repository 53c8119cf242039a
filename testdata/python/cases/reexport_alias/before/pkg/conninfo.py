from pkg import _impl

connect_attempts = _impl.connect_attempts
format_hosts = _impl.format_hosts

__all__ = ["connect_attempts", "format_hosts"]
