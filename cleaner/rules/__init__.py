"""Rule files: schema, loading, kinds and the engine that runs them."""
