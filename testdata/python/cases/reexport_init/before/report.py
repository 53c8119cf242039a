"""Daily weather report built on the pkg re-exports."""
import pkg
from pkg import fetch


def morning_report(city):
    """Uses the name imported from the package."""
    data = fetch(city)
    return f"{city}: {data['temp']} degrees"


def evening_report(city):
    """Uses the attribute on the package module."""
    data = pkg.fetch(city)
    return f"{city}: {data['temp']} degrees ({pkg.units()})"


def report_units():
    """Look-alike: only touches the pure re-export."""
    return pkg.units()
