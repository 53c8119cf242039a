"""Read metrics from the local agent over HTTP."""
import requests

AGENT = "http://localhost:9100"


def get_data():
    """All metrics as a dict."""
    return requests.get(f"{AGENT}/metrics", timeout=2).json()


def get_count():
    """Number of samples collected so far."""
    return int(requests.get(f"{AGENT}/count", timeout=2).text)


def is_ready():
    """True when the agent reports ready."""
    return requests.get(f"{AGENT}/ready", timeout=2).ok


def get_factory():
    """Return a formatter chosen by the agent's config."""
    style = requests.get(f"{AGENT}/style", timeout=2).text
    return str.upper if style == "loud" else str.lower


def summarise():
    """Exercise every awkward call position."""
    pairs = get_data().items()
    cpu = get_data()["key"]
    label = get_factory()("metrics")
    delta = -get_count()
    following = get_count() + 1
    waiting = not is_ready()
    x = get_count() ** 2
    return pairs, cpu, label, delta, following, waiting, x


def latest():
    """Return the raw result directly."""
    return get_data()


def local_total(values):
    """Look-alike: same shapes on a pure call."""
    return -len(values) + len(values) ** 2
