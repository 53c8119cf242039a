"""Order processing application."""
