"""Imports every semantics module so that the rule tables hold all rules."""

from irproof.semantics import (  # noqa: F401
    affine,
    affine_index,
    arith,
    arith_float,
    assume,
    bit_width,
    cf,
    func,
    index,
    linalg,
    math,
    memref,
    scf,
    tensor,
)
from irproof.semantics.lowering import BRANCH_RULES, EXIT_TERMINATORS, SEMANTICS_RULES

SUPPORTED_OPS = frozenset({*SEMANTICS_RULES, *BRANCH_RULES, *EXIT_TERMINATORS})
"""Every op name irproof gives a meaning to (terminators included)."""

__all__ = ["BRANCH_RULES", "SEMANTICS_RULES", "SUPPORTED_OPS"]
