"""Checkout flow."""
import time

from shop.cart import cart_total, load_cart


def charge(amount):
    """Pretend to call the payment gateway."""
    # The sandbox gateway takes about a second.
    time.sleep(1)
    return {"charged": amount}


def checkout(cart_path):
    """Load the cart and charge its total."""
    cart = load_cart(cart_path)
    return charge(cart_total(cart))
