"""Settings package."""
