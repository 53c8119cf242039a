"""weather: a tiny, blocking weather client used as migration demo input."""

# Absolute imports for the leaf helpers, a relative one for the service layer.
from weather.clock import pause, wait_then
from weather.store import Store, load_json, save_json, read_note, write_note
from weather.shell import run_python, python_version
from weather.http import get_json, get_text
from .service import WeatherService, load_snapshot, report_many

__all__ = [
    "WeatherService",
    "Store",
    "get_json",
    "get_text",
    "load_json",
    "load_snapshot",
    "pause",
    "python_version",
    "read_note",
    "report_many",
    "run_python",
    "save_json",
    "wait_then",
    "write_note",
]
