"""Query stage: SPARQL over a built graph."""
