"""Tools for developers working on the project; nothing here runs in the app."""
