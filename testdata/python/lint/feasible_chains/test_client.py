from netkit.client import Client, Transport


class FakeTransport:
    def handle(self, request):
        return request


async def test_own_transport_is_built():
    # Reported: no transport passed, so the client builds one and reads the CA bundle.
    Client()


async def test_transport_passed():
    # Not reported: with a transport, no proxy map and no context are built.
    transport = FakeTransport()
    Client(transport=transport)


async def test_transport_passed_inline():
    Client(transport=FakeTransport())


async def test_verify_off():
    # Not reported: `verify=False` takes the branch that reads nothing.
    Client(verify=False)


async def test_verify_path():
    # Reported: a CA directory is read (the chain names os.path.isdir).
    Transport(verify="/etc/ssl/certs")


async def test_close_now():
    # Not reported: `timeout=0` never enters the sleeping loop.
    Client(transport=FakeTransport()).close(timeout=0)


async def test_close_default():
    # Reported: the default timeout is replaced by 5.0 and the loop sleeps.
    Client(transport=FakeTransport()).close()


async def test_log_nowhere():
    # Not reported: `path and self._write(...)` does not write without a path.
    Client(transport=FakeTransport()).log("x")


async def test_log_file(tmp):
    # Reported: a path is passed, whatever it is.
    Client(transport=FakeTransport()).log("x", path=tmp)


async def test_unknown_argument(flag):
    # Reported: what `flag` holds is not known here.
    Client(transport=None if flag else FakeTransport())


async def test_certificate(key):
    # Reported: the key may be a HardwareKey (an override of `sign` blocks).
    from netkit.keys import make_certificate

    make_certificate(key, b"x")


async def test_bad_certificate(key):
    # Not reported: `bad_signature=True` returns before signing.
    from netkit.keys import make_certificate

    make_certificate(key, b"x", bad_signature=True)


async def test_header(key):
    # Reported: the skipped `print` branch does not cut the signing call after it.
    from netkit.keys import make_header

    make_header(key, b"x")


async def test_server_options():
    # Reported: the constructor runs ServerOptions.prepare (a DNS lookup).
    from netkit.keys import ServerOptions

    ServerOptions()
