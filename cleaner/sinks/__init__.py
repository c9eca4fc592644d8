"""Writers for cleaned documents."""
