"""Resolve stage: mentions in a parsed article -> actors with one key each; keys -> one node."""
