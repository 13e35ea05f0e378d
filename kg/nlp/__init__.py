"""NLP stage: the spaCy pipeline, with the project's gazetteers ahead of the statistical NER."""
