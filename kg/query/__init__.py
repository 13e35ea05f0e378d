"""Query stage: SPARQL over a built graph, from the command line, Python and HTTP.

- `store`: where queries run: pyoxigraph (a build folder's persisted store, or a file in
  memory) or rdflib's in-memory graph.
- `sparql`: `run_query` on either engine or a remote endpoint; `results`: the answers and
  their formats; `saved`: the competency queries of `ontology/queries/`.
- `api`: `kg.load`, `kg.query`, `kg.export`; `netx`: `kg.to_networkx`; `export`: GraphML,
  GEXF, JSON-LD, CSV.
- `endpoint`: `kg serve`; `push`: `kg push`; `commands`: the CLI commands.

Keep this file free of imports: `import kg` imports it.
"""
