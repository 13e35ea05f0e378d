"""Outputs for people: the offline HTML viewer (and, later, the run report)."""
