"""Product catalog access."""
import requests

CATALOG = "https://catalog.example.com/api"


def fetch_product(sku):
    """Fetch one product by SKU."""
    return requests.get(f"{CATALOG}/products/{sku}", timeout=5).json()


class Catalog:
    """Catalog facade with a per-instance currency."""

    def __init__(self, currency="EUR"):
        self.currency = currency

    def price(self, sku):
        """Price of a product in this catalog's currency."""
        product = fetch_product(sku)
        return product["prices"][self.currency]

    def symbol(self):
        """Look-alike pure method."""
        return {"EUR": "€", "USD": "$"}.get(self.currency, "?")
