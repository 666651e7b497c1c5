"""xDSL dialect definitions: the SMT semantics dialects (`smt/`) and upstream MLIR dialects (`mlir/`)."""
