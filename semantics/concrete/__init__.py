"""Concrete interpreter: plain-Python-integer semantics of the same ops, used to replay counterexamples."""
