"""Managers hold the business logic; they receive repositories and mungers."""
