"""Tests for mypkg.storage."""
from tests._awaitify_runtime import run_sync
from mypkg.storage import report_filename, save_report, async_save_report


async def async_make_sample(tmp_name):
    """Store a sample report and return the written path."""
    return await async_save_report(tmp_name, {"ok": True})


def make_sample(tmp_name):
    """Sync shim kept by awaitify: runs `async_make_sample` to completion."""
    return run_sync(async_make_sample(tmp_name))


async def async_test_save_report():
    # Exercises the real disk write.
    path = await async_make_sample("sample")
    assert path.endswith("sample.json")


def test_save_report():
    """Sync shim kept by awaitify: runs `async_test_save_report` to completion."""
    return run_sync(async_test_save_report())


def test_report_filename():
    # Pure: must remain a plain sync test.
    assert report_filename("x") == "x.json"
