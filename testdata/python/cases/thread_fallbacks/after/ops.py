"""Assorted operational helpers, one blocking call each."""
import asyncio
from _awaitify_runtime import run_sync
import os
import pathlib
import shutil
import socket
import subprocess
import urllib.request


async def async_git_pull(repo):
    await asyncio.to_thread(subprocess.run, ["git", "-C", repo, "pull", "--ff-only"], check=True)


def git_pull(repo):
    """Sync shim kept by awaitify: runs `async_git_pull` to completion."""
    return run_sync(async_git_pull(repo))


async def async_restart_nginx():
    return await asyncio.to_thread(os.system, "systemctl restart nginx")


def restart_nginx():
    """Sync shim kept by awaitify: runs `async_restart_nginx` to completion."""
    return run_sync(async_restart_nginx())


async def async_port_open(host, port):
    sock = await asyncio.to_thread(socket.create_connection, (host, port), timeout=3)
    sock.close()
    return True


def port_open(host, port):
    """Sync shim kept by awaitify: runs `async_port_open` to completion."""
    return run_sync(async_port_open(host, port))


async def async_read_pidfile(path):
    return (await asyncio.to_thread((await asyncio.to_thread(open, path)).read)).strip()


def read_pidfile(path):
    """Sync shim kept by awaitify: runs `async_read_pidfile` to completion."""
    return run_sync(async_read_pidfile(path))


async def async_copy_config(src, dest):
    await asyncio.to_thread(shutil.copy, src, dest)


def copy_config(src, dest):
    """Sync shim kept by awaitify: runs `async_copy_config` to completion."""
    return run_sync(async_copy_config(src, dest))


async def async_has_lockfile(path):
    return await asyncio.to_thread(os.path.exists, path)


def has_lockfile(path):
    """Sync shim kept by awaitify: runs `async_has_lockfile` to completion."""
    return run_sync(async_has_lockfile(path))


async def async_read_motd(path):
    return await asyncio.to_thread(pathlib.Path(path).read_text)


def read_motd(path):
    """Sync shim kept by awaitify: runs `async_read_motd` to completion."""
    return run_sync(async_read_motd(path))


async def async_public_ip():
    return (await asyncio.to_thread((await asyncio.to_thread(urllib.request.urlopen, "https://ifconfig.me/ip")).read)).decode()


def public_ip():
    """Sync shim kept by awaitify: runs `async_public_ip` to completion."""
    return run_sync(async_public_ip())


async def async_confirm(prompt):
    """Ask the operator for confirmation."""
    return (await asyncio.to_thread(input, prompt)).strip().lower() == "y"


def confirm(prompt):
    """Sync shim kept by awaitify: runs `async_confirm` to completion."""
    return run_sync(async_confirm(prompt))


def join_path(base, name):
    """Look-alike: os.path.join is pure."""
    return os.path.join(base, name)
