"""User/order HTTP handlers."""
