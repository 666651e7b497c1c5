"""The blocks of `memref.global`s: what every execution's memory starts with.

A global with a dense initializer is a block holding it (constant globals are read-only:
storing into one is UB); a global without one has no block, and `memref.get_global` of it
is `unknown`.
"""

from __future__ import annotations

from xdsl.dialects import memref
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, FloatAttr, MemRefType, ModuleOp
from xdsl.ir import Attribute

from irproof.semantics.arith_float import constant_bits
from irproof.semantics.builder import SMTBuilder
from irproof.semantics.float_types import float_format
from irproof.semantics.lowering import UnsupportedOp
from irproof.semantics.memory import Block, Contents, Memory, static_sizes
from irproof.semantics.widths import TypeWidths


def declare_globals(b: SMTBuilder, module: ModuleOp, memory: Memory, widths: TypeWidths) -> None:
    iw = widths.index_width
    for op in module.ops:
        if not isinstance(op, memref.GlobalOp):
            continue
        name = op.sym_name.data
        typ = op.type
        assert isinstance(typ, MemRefType)
        init = op.initial_value
        if not isinstance(init, DenseIntOrFPElementsAttr):
            continue  # an uninitialized global: using it is unsupported (get_global says so)
        element = typ.get_element_type()
        width = _element_width(widths, element)
        count = 1
        for size in static_sizes(typ):
            if size is None:
                raise UnsupportedOp(f"memref.global @{name} has a dynamic shape")
            count *= size
        values = b.const_array(iw, b.bv_const(0, width))
        contents = Contents(b, values, iw)
        for k, bits in enumerate(_element_bits(init, element, width, count)):
            contents.write(b.bv_const(k, iw), b.bv_const(bits, width), b.true())
        block = Block(
            memory.fresh_id(),
            f"@{name}",
            element,
            width,
            b.bv_const(count, iw),
            b.true(),
            contents,
            Contents(b, b.const_array(iw, b.false()), iw),
            "global",
            writable=op.constant is None,
        )
        memory.add(block)
        memory.globals[name] = block.id


def _element_bits(
    init: DenseIntOrFPElementsAttr, element: Attribute, width: int, count: int
) -> list[int]:
    """The bit patterns of a dense initializer (a splat repeated)."""
    values = list(init.get_values())
    if len(values) == 1 and count != 1:
        values = values * count
    fmt = float_format(element)
    if fmt is None:
        return [int(v) % (1 << width) for v in values]
    return [constant_bits(FloatAttr(float(v), element), fmt) for v in values]


def _element_width(widths: TypeWidths, element: Attribute) -> int:
    width = widths.width(element)
    if width is None:
        raise UnsupportedOp(f"memref element type {element} has no semantics")
    return width
