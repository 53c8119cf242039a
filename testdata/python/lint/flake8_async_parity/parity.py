"""Inputs of the kinds flake8-async's ASYNC210/220/221/222/230/240/250/251 check.

tests/lint.rs runs the real flake8-async on this file and requires awaitify to report
every line it reports (and counts what awaitify reports beyond it).
"""
import io
import os
import os.path
import subprocess
import time
import urllib.request

import httpx
import requests
import urllib3


async def http():
    requests.get("http://127.0.0.1/")
    requests.post("http://127.0.0.1/", data=b"")
    requests.request("GET", "http://127.0.0.1/")
    httpx.get("http://127.0.0.1/")
    httpx.delete("http://127.0.0.1/")
    urllib3.request("GET", "http://127.0.0.1/")
    urllib.request.urlopen("http://127.0.0.1/")


async def processes(cmd):
    subprocess.Popen(cmd)
    os.popen("true")
    subprocess.run(cmd)
    subprocess.call(cmd)
    subprocess.check_call(cmd)
    subprocess.check_output(cmd)
    subprocess.getoutput("true")
    subprocess.getstatusoutput("true")
    os.system("true")
    os.posix_spawn("/bin/true", ["true"], {})
    os.posix_spawnp("true", ["true"], {})
    os.spawnl(os.P_WAIT, "/bin/true", "true")
    os.spawnl(os.P_NOWAIT, "/bin/true", "true")
    os.spawnvp(os.P_WAIT, "true", ["true"])
    os.wait()
    os.waitpid(1, 0)
    os.wait3(0)
    os.wait4(1, 0)


async def files(path):
    open(path)
    io.open(path)
    io.open_code(path)
    os.path.exists(path)
    os.path.isfile(path)
    os.path.isdir(path)
    os.path.islink(path)
    os.path.getsize(path)
    os.path.getmtime(path)
    os.path.realpath(path)
    os.path.lexists(path)
    os.path.samefile(path, path)
    os.path.relpath(path)
    os.path.normpath(path)


async def interaction():
    input("? ")
    time.sleep(1)


async def fine(path):
    def in_thread():
        time.sleep(1)
        open(path)

    await asyncio_to_thread(in_thread)


async def asyncio_to_thread(f):
    return f
