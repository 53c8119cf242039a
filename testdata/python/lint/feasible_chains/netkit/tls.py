"""Building TLS contexts: only some arguments read certificate files."""
import os
import ssl


def load_context(verify=True, cert=None):
    if verify is False:
        # No verification: nothing is read from disk.
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if isinstance(verify, str):
        if os.path.isdir(verify):
            return ssl.create_default_context(capath=verify)
        return ssl.create_default_context(cafile=verify)
    if verify is True:
        return ssl.create_default_context()
    return verify
