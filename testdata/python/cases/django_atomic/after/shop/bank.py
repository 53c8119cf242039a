"""Transfers in a transaction. The exchange-rate service blocks, so `transfer` becomes
async; the `atomic` block has no async twin and its queries must share one connection,
so it moves whole into a nested function run in one worker thread."""

import asyncio
from asgiref.sync import sync_to_async
from shop._awaitify_runtime import run_sync
import time

from django.db import transaction

from shop.models import Account

LOG = []


async def async_fetch_rate(currency):
    await asyncio.sleep(0.01)  # the exchange-rate service
    return 2


def fetch_rate(currency):
    """Sync shim kept by awaitify: runs `async_fetch_rate` to completion."""
    return run_sync(async_fetch_rate(currency))


async def async_transfer(source, target, amount, currency):
    rate = await async_fetch_rate(currency)
    fees = 0

    def _atomic_block():
        nonlocal fees
        with transaction.atomic():
            # Both rows locked and written in one transaction.
            a = Account.objects.select_for_update().get(name=source)
            b = Account.objects.select_for_update().get(name=target)
            moved = amount * rate
            if moved > 10:
                fees += 1
            a.balance -= moved + fees
            b.balance += moved
            a.save()
            b.save()
        return b, moved

    b, moved = await sync_to_async(_atomic_block)()
    LOG.append((source, target, moved, fees))
    return b.balance


def transfer(source, target, amount, currency):
    """Sync shim kept by awaitify: runs `async_transfer` to completion."""
    return run_sync(async_transfer(source, target, amount, currency))


def audit(name):
    # A `return` inside the block: it cannot move into a nested function, so this
    # function stays sync and async callers reach it through sync_to_async.
    fetch_rate("EUR")
    with transaction.atomic():
        return Account.objects.get(name=name).balance


async def async_settle(source, target):
    return await async_transfer(source, target, 3, "EUR"), await sync_to_async(audit)(source)


def settle(source, target):
    """Sync shim kept by awaitify: runs `async_settle` to completion."""
    return run_sync(async_settle(source, target))
