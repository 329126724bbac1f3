"""Repositories: all database access goes through them."""
