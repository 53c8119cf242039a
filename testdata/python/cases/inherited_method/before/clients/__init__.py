"""HTTP API clients."""
