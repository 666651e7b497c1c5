"""SMT semantics dialects: extensions of xDSL smt, poison pairs and effects (UB)."""
