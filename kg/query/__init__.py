"""Query stage: SPARQL over a built graph, from Python, the command line and HTTP.

Oxigraph is the one query engine; rdflib is the Python graph API on top (`kg.load`).

- `store`: loading a graph into pyoxigraph (a build folder's persisted store, or a file
  in memory), and `as_rdflib`, the rdflib Dataset `kg.load` returns.
- `guard`: the check every local query passes before a parser sees it.
- `sparql`: `run_query`, on a loaded graph or a remote endpoint.
- `results`: `Result`, its formats, and the readers of pyoxigraph's and an endpoint's terms.
- `saved`: the competency queries of `ontology/queries/`, with their parameters.
- `endpoint`: `kg serve`'s HTTP side; `workers`: the processes its queries run in.
- `export`: `kg.to_networkx`, and GraphML, GEXF, JSON-LD and CSV files.
- `remote`: stores over HTTP: `kg query --endpoint`, `kg push`, and their URLs.
- `diff`: reading and comparing two builds; `diff_report`: the report, as text or JSON.

The commands are `kg.cli`'s. Keep this file free of imports: `import kg` imports it.
"""
