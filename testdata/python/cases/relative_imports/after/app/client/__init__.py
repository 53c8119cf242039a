"""Client subpackage."""
