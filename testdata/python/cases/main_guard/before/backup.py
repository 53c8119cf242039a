#!/usr/bin/env python3
"""Copy a directory to the backup host."""
import subprocess
import sys

DEFAULT_DEST = "backup.example.com:/srv/backups/"


def sync_dir(src, dest):
    """rsync src to dest, raising on failure."""
    subprocess.run(["rsync", "-a", src, dest], check=True)


def usage():
    """Look-alike: only prints the usage line."""
    print("usage: backup.py SRC [DEST]", file=sys.stderr)


def main():
    """Command-line entry point."""
    args = sys.argv[1:]
    if not args:
        usage()
        return
    # Destination defaults to the shared backup host.
    dest = args[1] if len(args) > 1 else DEFAULT_DEST
    sync_dir(args[0], dest)


if __name__ == "__main__":
    main()
