"""Tiny deploy script wrapper."""
import asyncio
from _awaitify_runtime import run_sync
import subprocess as sp
import time as t


async def async_run_step(cmd):
    """Run one deploy step and return its stdout."""
    result = await asyncio.to_thread(sp.run, cmd, capture_output=True, text=True, check=True)
    return result.stdout


def run_step(cmd):
    """Sync shim kept by awaitify: runs `async_run_step` to completion."""
    return run_sync(async_run_step(cmd))


async def async_wait_for_rollout(seconds):
    """Give the cluster time to settle."""
    await asyncio.sleep(seconds)


def wait_for_rollout(seconds):
    """Sync shim kept by awaitify: runs `async_wait_for_rollout` to completion."""
    return run_sync(async_wait_for_rollout(seconds))


async def async_deploy(version):
    """Push a version and wait for it to roll out."""
    out = await async_run_step(["kubectl", "set", "image", f"deploy/web=web:{version}"])
    await async_wait_for_rollout(10)
    return out


def deploy(version):
    """Sync shim kept by awaitify: runs `async_deploy` to completion."""
    return run_sync(async_deploy(version))


def started_at():
    """Look-alike through the same alias: t.time() is not blocking."""
    return t.time()
