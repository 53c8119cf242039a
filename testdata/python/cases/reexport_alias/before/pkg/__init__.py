"""Connection helpers."""
