"""Imports every semantics module so that `SEMANTICS_RULES` holds all rules."""

from irproof.semantics import arith, assume, bit_width, func, index, math  # noqa: F401
from irproof.semantics.lowering import SEMANTICS_RULES

__all__ = ["SEMANTICS_RULES"]
