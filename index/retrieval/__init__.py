"""Retrieval: a question parsed once, candidates from the dense and lexical sides,
fused and ordered inside documents, returned as ``Hit`` records. Uses store/ and
corpus/; never answer/ or evaluation/."""
