"""Mungers turn the output of an operation (usually SQL models) into shared models."""
