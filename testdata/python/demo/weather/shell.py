"""Run helper snippets in a child Python interpreter."""

import subprocess
import sys


def run_python(code):
    """Run ``code`` with ``python -c`` and return its stripped stdout."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def python_version():
    """Return the child interpreter's ``major.minor`` version string."""
    return run_python("import sys; print('%d.%d' % sys.version_info[:2])")
