"""Names the migration needs are already taken here."""
import time


def run_sync(job):
    """This module's own run_sync: unrelated to awaitify's."""
    return job()


def wait(asyncio):
    time.sleep(asyncio)
    return asyncio


def main():
    return run_sync(lambda: 1) + wait(0.01)


if __name__ == "__main__":
    main()
