"""Tiny deploy script wrapper."""
import subprocess as sp
import time as t


def run_step(cmd):
    """Run one deploy step and return its stdout."""
    result = sp.run(cmd, capture_output=True, text=True, check=True)
    return result.stdout


def wait_for_rollout(seconds):
    """Give the cluster time to settle."""
    t.sleep(seconds)


def deploy(version):
    """Push a version and wait for it to roll out."""
    out = run_step(["kubectl", "set", "image", f"deploy/web=web:{version}"])
    wait_for_rollout(10)
    return out


def started_at():
    """Look-alike through the same alias: t.time() is not blocking."""
    return t.time()
