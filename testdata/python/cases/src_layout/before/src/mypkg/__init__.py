"""Report storage package."""
