"""Shared by the Python probes (copied next to them by scripts/e2e-real): `@check(name)`
registers a check, `run()` runs them all, prints each result and the count in pytest's
words, and exits non-zero when one failed."""

checks = []


def check(name):
    def wrap(fn):
        checks.append((name, fn))
        return fn
    return wrap


def run():
    failed = 0
    for name, fn in checks:
        try:
            fn()
            print(f"ok: {name}")
        except Exception as e:  # noqa: BLE001 - report every failure, then the count
            failed += 1
            print(f"FAILED: {name}: {type(e).__name__}: {e}")
    print(f"{len(checks) - failed} passed, {failed} failed in probe")
    raise SystemExit(1 if failed else 0)
