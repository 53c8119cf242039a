"""Tests of scripts/e2e-real's reporting helpers: the failure path (which test broke,
which diff hunk it points into) never runs while every project passes, so it is checked
here on made-up outputs. Run by scripts/test with the test venv's pytest."""
import importlib.machinery
import importlib.util
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
_loader = importlib.machinery.SourceFileLoader("e2e_real", str(HERE / "e2e-real"))
_spec = importlib.util.spec_from_loader("e2e_real", _loader)
e2e = importlib.util.module_from_spec(_spec)
_loader.exec_module(e2e)

PATCH = """diff --git a/src/lib.rs b/src/lib.rs
--- a/src/lib.rs
+++ b/src/lib.rs
@@ -1,3 +1,4 @@
 use std::net::TcpStream;
+use tokio::io::AsyncWriteExt;
 
 pub fn a() {}
@@ -20,3 +21,7 @@
-pub fn probe() -> bool {
+pub async fn probe_async() -> bool {
+    true
+}
+pub fn probe() -> bool {
     true
 }
diff --git a/pkg/mod.py b/pkg/mod.py
--- a/pkg/mod.py
+++ b/pkg/mod.py
@@ -10,2 +10,3 @@
 def f():
+    x = 1
     return 2
"""


def test_cargo_counts_sum_every_suite():
    out = "test result: ok. 3 passed; 0 failed; 0 ignored\ntest result: FAILED. 2 passed; 1 failed;"
    assert e2e.counts(out) == (5, 1)


def test_pytest_counts_use_the_last_summary_line():
    out = "== 1 passed in 0.1s ==\n...\n== 7 passed, 2 failed, 1 error in 3.2s =="
    assert e2e.counts(out) == (7, 3)


def test_failing_tests_from_both_runners():
    out = "tests::a --- FAILED\ntest b::c ... FAILED\nFAILED t.py::x - boom\nERROR t.py::y"
    assert e2e.failing_tests(out) == ["b::c", "t.py::x", "t.py::y", "tests::a"]


def test_first_failure_finds_the_tests_own_block():
    out = "noise\n---- tests::probe stdout ----\nassertion failed\n\nfailures:\n"
    assert e2e.first_failure("tests::probe", out).startswith("---- tests::probe stdout ----")
    py = "____ test_x ____\n  File \"pkg/mod.py\", line 11, in f\n"
    assert e2e.first_failure("t.py::test_x", py).startswith("_ test_x _")


def test_hunk_involved_picks_the_hunk_holding_the_line():
    failure = "thread 'tests::probe' panicked at src/lib.rs:23:5:\nassertion failed"
    assert e2e.hunk_involved(failure, PATCH).startswith("@@ -20,3 +21,7 @@")
    python = '  File "/home/dev/checkout/pkg/mod.py", line 11, in f'
    assert e2e.hunk_involved(python, PATCH).startswith("@@ -10,2 +10,3 @@")


def test_hunk_involved_falls_back_to_a_hunk_of_the_named_file_then_says_so():
    outside = "panicked at src/lib.rs:90:1"
    assert e2e.hunk_involved(outside, PATCH).startswith("@@ -1,3 +1,4 @@")
    assert e2e.hunk_involved("panicked at src/other.rs:3:1", PATCH).startswith("(no hunk")


def test_unittest_counts_and_failures_from_djangos_runner():
    ok = "Ran 1694 tests in 64.257s\n\nOK (skipped=201, expected failures=1)\n"
    assert e2e.counts(ok) == (1492, 0)
    bad = (
        "ERROR: test_unicode (cache.tests.DBCacheTests.test_unicode) (key='ascii')\n"
        "FAIL: test_x (basic.tests.T.test_x)\n"
        "Ran 10 tests in 1.0s\n\nFAILED (failures=1, errors=1, skipped=2)\n"
    )
    assert e2e.counts(bad) == (6, 2)
    assert e2e.failing_tests(bad) == [
        "basic.tests.T.test_x",
        "cache.tests.DBCacheTests.test_unicode",
    ]
