"""Blob storage application."""
