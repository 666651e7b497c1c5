"""The xDSL context every MLIR input of irproof is parsed in."""

from __future__ import annotations

from xdsl.context import Context
from xdsl.dialects.builtin import Builtin
from xdsl.dialects.cf import Cf
from xdsl.dialects.func import Func
from xdsl.dialects.math import Math
from xdsl.dialects.tensor import Tensor
from xdsl.dialects.transform import Transform

from irproof.dialects.mlir.affine import Affine
from irproof.dialects.mlir.arith import Arith
from irproof.dialects.mlir.bufferization import Bufferization
from irproof.dialects.mlir.index import Index
from irproof.dialects.mlir.irproof import IrProof
from irproof.dialects.mlir.linalg import Linalg
from irproof.dialects.mlir.memref import MemRef
from irproof.dialects.mlir.scf import Scf


def input_context() -> Context:
    """A fresh context with the input dialects irproof gives a meaning to (and can parse).

    `memref` is loaded so that programs using memory parse; its ops (and affine.load/store)
    have no semantics yet, so they are `unknown` naming the op rather than a parse error.
    `transform` is loaded so that a module holding a transform script (a nested
    `module attributes {transform.with_named_sequence}`, what `transform-interpreter` runs)
    parses; nested modules hold no pairs to validate, so the script is only carried along."""
    ctx = Context()
    dialects = (Builtin, Func, Arith, Index, Math, IrProof, Scf, Cf, Affine, MemRef)
    for dialect in (*dialects, Linalg, Tensor, Bufferization, Transform):
        ctx.load_dialect(dialect)
    return ctx
