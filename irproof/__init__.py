"""irproof: SMT-based semantics for MLIR, refinement checking and translation validation."""

__version__ = "0.1.0"
