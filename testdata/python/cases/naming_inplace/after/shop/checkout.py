"""Checkout flow."""
import asyncio
import time

from shop.cart import cart_total, load_cart


async def charge(amount):
    """Pretend to call the payment gateway."""
    # The sandbox gateway takes about a second.
    await asyncio.sleep(1)
    return {"charged": amount}


async def checkout(cart_path):
    """Load the cart and charge its total."""
    cart = await load_cart(cart_path)
    return await charge(cart_total(cart))
