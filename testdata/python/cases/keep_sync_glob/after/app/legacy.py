"""Legacy order export (excluded from migration by glob)."""
import time

import requests


def export_orders(orders):
    """POST orders to the old ERP, one at a time."""
    for order in orders:
        requests.post("https://erp.example.com/orders", json=order, timeout=30)
        # The ERP rate-limits aggressively.
        time.sleep(0.2)


def run_export(orders):
    """Entry point used by the legacy cron job."""
    export_orders(orders)
    return len(orders)
