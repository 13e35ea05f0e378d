"""Evaluation: score a built graph against gold annotations (entities, relations, events)."""
