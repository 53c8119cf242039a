"""New order export (should migrate)."""
import time

import requests


def export_orders(orders):
    """POST orders to the new order service in one batch."""
    requests.post("https://orders.example.com/batch", json=orders, timeout=30)
    time.sleep(0.2)


def run_export(orders):
    """Entry point used by the new scheduler."""
    export_orders(orders)
    return len(orders)
