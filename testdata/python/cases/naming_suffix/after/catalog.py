"""Product catalog access."""
import asyncio
from _awaitify_runtime import run_sync
import requests

CATALOG = "https://catalog.example.com/api"


async def fetch_product_async(sku):
    """Fetch one product by SKU."""
    return (await asyncio.to_thread(requests.get, f"{CATALOG}/products/{sku}", timeout=5)).json()


def fetch_product(sku):
    """Sync shim kept by awaitify: runs `fetch_product_async` to completion."""
    return run_sync(fetch_product_async(sku))


class Catalog:
    """Catalog facade with a per-instance currency."""

    def __init__(self, currency="EUR"):
        self.currency = currency

    async def price_async(self, sku):
        """Price of a product in this catalog's currency."""
        product = await fetch_product_async(sku)
        return product["prices"][self.currency]

    def price(self, sku):
        """Sync shim kept by awaitify: runs `price_async` to completion."""
        return run_sync(Catalog.price_async(self, sku))

    def symbol(self):
        """Look-alike pure method."""
        return {"EUR": "€", "USD": "$"}.get(self.currency, "?")
