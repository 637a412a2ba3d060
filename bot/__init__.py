"""Small Steps: the runtime (configuration, wiring, storage, safety)."""
