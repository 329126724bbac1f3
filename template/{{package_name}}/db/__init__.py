"""Database plumbing: where the database is, the async engine, and paving."""
