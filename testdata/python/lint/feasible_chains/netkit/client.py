"""A client whose constructor only touches the disk when it builds its own transport."""
import time

from netkit.tls import load_context


def environment_proxies():
    return {}


class Transport:
    def __init__(self, verify=True, retries=0):
        self.context = load_context(verify=verify)
        while retries:
            time.sleep(0.1)
            retries -= 1


class Client:
    def __init__(self, *, verify=True, proxy=None, transport=None, trust_env=True):
        allow_env = trust_env and transport is None
        proxies = self._proxy_map(proxy, allow_env)
        self._transport = self._make_transport(verify=verify, transport=transport)
        # The comprehension's `proxy` is its own name, not the parameter.
        self._mounts = {
            pattern: None if proxy is None else Transport(verify=verify)
            for pattern, proxy in proxies.items()
        }

    def _proxy_map(self, proxy, allow_env):
        if proxy is None:
            if allow_env:
                return {k: v for k, v in environment_proxies().items()}
            return {}
        return {"all://": proxy}

    def _make_transport(self, verify=True, transport=None):
        if transport is not None:
            return transport
        return Transport(verify=verify)

    def close(self, timeout=None, step=0.1):
        if timeout is None:
            timeout = 5.0
        while timeout:
            time.sleep(step)
            timeout = 0

    def log(self, message, path=None):
        return path and self._write(path, message)

    def _write(self, path, message):
        with open(path, "a") as f:
            f.write(message)
