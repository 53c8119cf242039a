"""Assorted operational helpers, one blocking call each."""
import os
import pathlib
import shutil
import socket
import subprocess
import urllib.request


def git_pull(repo):
    subprocess.run(["git", "-C", repo, "pull", "--ff-only"], check=True)


def restart_nginx():
    return os.system("systemctl restart nginx")


def port_open(host, port):
    sock = socket.create_connection((host, port), timeout=3)
    sock.close()
    return True


def read_pidfile(path):
    return open(path).read().strip()


def copy_config(src, dest):
    shutil.copy(src, dest)


def has_lockfile(path):
    return os.path.exists(path)


def read_motd(path):
    return pathlib.Path(path).read_text()


def public_ip():
    return urllib.request.urlopen("https://ifconfig.me/ip").read().decode()


def confirm(prompt):
    """Ask the operator for confirmation."""
    return input(prompt).strip().lower() == "y"


def join_path(base, name):
    """Look-alike: os.path.join is pure."""
    return os.path.join(base, name)
