"""One module per routed page."""
