"""Maintenance tools."""
