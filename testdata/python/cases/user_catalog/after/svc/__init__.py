"""Service layer over the internal RPC bus."""
