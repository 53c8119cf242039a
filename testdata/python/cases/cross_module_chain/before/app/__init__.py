"""User lookup application."""
