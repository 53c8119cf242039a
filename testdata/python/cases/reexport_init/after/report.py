"""Daily weather report built on the pkg re-exports."""
from _awaitify_runtime import run_sync
import pkg
from pkg import fetch, async_fetch


async def async_morning_report(city):
    """Uses the name imported from the package."""
    data = await async_fetch(city)
    return f"{city}: {data['temp']} degrees"


def morning_report(city):
    """Sync shim kept by awaitify: runs `async_morning_report` to completion."""
    return run_sync(async_morning_report(city))


async def async_evening_report(city):
    """Uses the attribute on the package module."""
    data = await pkg.async_fetch(city)
    return f"{city}: {data['temp']} degrees ({pkg.units()})"


def evening_report(city):
    """Sync shim kept by awaitify: runs `async_evening_report` to completion."""
    return run_sync(async_evening_report(city))


def report_units():
    """Look-alike: only touches the pure re-export."""
    return pkg.units()
