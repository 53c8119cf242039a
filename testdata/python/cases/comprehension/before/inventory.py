"""Inventory lookups against the warehouse service."""
import requests

WAREHOUSE = "https://warehouse.example.com/api"


def stock_level(sku):
    """Units in stock for one SKU."""
    return requests.get(f"{WAREHOUSE}/stock/{sku}", timeout=5).json()["units"]


def levels(skus):
    """Stock levels in SKU order."""
    return [stock_level(sku) for sku in skus]


def distinct_levels(skus):
    """The set of distinct stock levels."""
    return {stock_level(sku) for sku in skus}


def level_map(skus):
    """Map SKU -> stock level, skipping blanks."""
    return {sku: stock_level(sku) for sku in skus if sku}


def normalised(skus):
    """Look-alike comprehension with no blocking call."""
    return [sku.strip().upper() for sku in skus]
