"""Transfers in a transaction. The exchange-rate service blocks, so `transfer` becomes
async; the `atomic` block has no async twin and its queries must share one connection,
so it moves whole into a nested function run in one worker thread."""

import time

from django.db import transaction

from shop.models import Account

LOG = []


def fetch_rate(currency):
    time.sleep(0.01)  # the exchange-rate service
    return 2


def transfer(source, target, amount, currency):
    rate = fetch_rate(currency)
    fees = 0
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
    LOG.append((source, target, moved, fees))
    return b.balance


def audit(name):
    # A `return` inside the block: it cannot move into a nested function, so this
    # function stays sync and async callers reach it through sync_to_async.
    fetch_rate("EUR")
    with transaction.atomic():
        return Account.objects.get(name=name).balance


def settle(source, target):
    return transfer(source, target, 3, "EUR"), audit(source)
