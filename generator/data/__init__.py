"""Data bundled with the package (the offline demo)."""
