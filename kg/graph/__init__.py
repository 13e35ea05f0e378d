"""Graph stage: plain data -> RDF (rdflib), one named graph per article, SHACL-validated."""
