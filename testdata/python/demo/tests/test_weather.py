"""Sync tests of the public ``weather`` API, written as a user would call it."""

import os
import sys
import time
import urllib.error

import pytest

import weather
from weather import WeatherService, report_many
from weather.clock import pause, wait_then
from weather.http import get_json
from weather.shell import python_version, run_python
from weather.store import Store, load_json, read_note, save_json, write_note


def test_public_api_is_exported():
    for name in weather.__all__:
        assert hasattr(weather, name), name
    assert weather.pause is pause


def test_pause_and_wait_then_block():
    start = time.monotonic()
    pause(0.1)
    assert wait_then(0.1, "done") == "done"
    elapsed = time.monotonic() - start
    # Lower bound is guaranteed by time.sleep; the upper bound is very loose.
    assert 0.2 <= elapsed < 5


def test_save_and_load_json_roundtrip(tmp_path):
    path = os.path.join(str(tmp_path), "nested", "data.json")
    save_json(path, {"city": "Oslo", "temp": 14})
    assert load_json(path) == {"city": "Oslo", "temp": 14}
    assert load_json(os.path.join(str(tmp_path), "missing.json"), default=[]) == []


def test_notes_and_store(tmp_path):
    note = tmp_path / "note.txt"
    write_note(note, "hello\n")
    assert read_note(note) == "hello\n"

    store = Store(tmp_path / "store")
    assert store.load("Lima") is None
    store.save("Lima", {"temp": 14})
    assert store.load("lima") == {"temp": 14}  # keys are case-insensitive
    assert os.path.exists(store.path_for("Lima"))


def test_shell_helpers():
    assert run_python("print(6 * 7)") == "42"
    assert python_version() == "%d.%d" % sys.version_info[:2]


def test_get_json_from_server(base_url):
    assert get_json(base_url + "/city/Paris") == {"city": "Paris", "temp": 15}


def test_get_json_http_error_is_raised(base_url):
    with pytest.raises(urllib.error.HTTPError) as info:
        get_json(base_url + "/nope", retries=2)
    assert info.value.code == 404


def test_current_fetches_once_then_uses_cache(base_url, cache_dir):
    service = WeatherService(base_url, cache_dir)
    assert service.current("Oslo") == {"city": "Oslo", "temp": 14}
    assert service.current("Oslo") == {"city": "Oslo", "temp": 14}
    assert service.fetch_count == 1
    assert os.path.exists(os.path.join(cache_dir, "oslo.json"))


def test_cache_survives_without_server(base_url, cache_dir):
    WeatherService(base_url, cache_dir).current("Rome")
    # A second service pointing at a dead URL is answered from disk alone.
    offline = WeatherService("http://127.0.0.1:9", cache_dir)
    assert offline.temperature("Rome") == 14
    assert offline.fetch_count == 0


def test_refresh_always_fetches(base_url, cache_dir):
    service = WeatherService(base_url, cache_dir)
    service.current("Kyiv")
    assert service.refresh("Kyiv") == {"city": "Kyiv", "temp": 14}
    assert service.fetch_count == 2


def test_temperature_and_format_report(base_url, cache_dir):
    service = WeatherService(base_url, cache_dir)
    assert service.temperature("Berlin") == 16
    assert service.format_report("Berlin") == "Berlin: 16 C"
    assert service.format_report("New York") == "New York: 18 C"


def test_report_many_and_write_summary(base_url, cache_dir, tmp_path):
    service = WeatherService(base_url, cache_dir)
    assert report_many(service, ["Oslo", "Madrid"]) == ["Oslo: 14 C", "Madrid: 16 C"]
    path = tmp_path / "summary.txt"
    text = service.write_summary(["Oslo", "Cairo"], path)
    assert text == "Oslo: 14 C\nCairo: 15 C\n"
    assert read_note(path) == text
    assert service.fetch_count == 3  # Oslo was cached after the first call


def test_slow_report(base_url, cache_dir):
    service = WeatherService(base_url, cache_dir)
    assert service.slow_report("Quito", delay=0.05) == "Quito: report ready"
    assert service.slow_report("Quito") == "Quito: report ready"


def test_load_snapshot_and_interpreter_version(base_url, cache_dir):
    service = WeatherService(base_url, cache_dir)
    service.current("Lisbon")
    snapshot = weather.load_snapshot(os.path.join(cache_dir, "lisbon.json"))
    assert snapshot == {"city": "Lisbon", "temp": 16}
    assert weather.load_snapshot(os.path.join(cache_dir, "nowhere.json")) == {}
    assert service.interpreter_version() == "%d.%d" % sys.version_info[:2]
