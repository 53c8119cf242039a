"""Sync client application."""
