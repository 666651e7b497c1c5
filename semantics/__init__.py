"""Semantics: one lowering rule per MLIR op into the SMT semantics dialects."""
