"""Tests for mypkg.storage."""
from mypkg.storage import report_filename, save_report


def make_sample(tmp_name):
    """Store a sample report and return the written path."""
    return save_report(tmp_name, {"ok": True})


def test_save_report():
    # Exercises the real disk write.
    path = make_sample("sample")
    assert path.endswith("sample.json")


def test_report_filename():
    # Pure: must remain a plain sync test.
    assert report_filename("x") == "x.json"
