"""Expressions synthesis builds, and their MLIR text.

An `Expr` is a tree of arith ops over the arguments of a function (`arg`), literal
constants (`const`) and, for CEGIS, symbolic constants (`hole`); equal subtrees are one
value when printed (a DAG). Types are MLIR type names (`i8`, `i1`, `index`). Constants hold
an integer read modulo 2^width, so `-1` is all ones at every width (as in irproof's
width-generic pairs). `from_function` reads a straight-line arith function back into an
`Expr` (None when it uses anything else).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xdsl.dialects import arith, func
from xdsl.dialects.builtin import IndexType, IntegerAttr, IntegerType
from xdsl.ir import Attribute, SSAValue

from irproof.synth.ops import CMP_PREDICATES, OPS

LEAVES = ("arg", "const", "hole")


@dataclass(frozen=True)
class Expr:
    """One value: an op applied to operands, or a leaf (`arg` index / `const` / `hole`)."""

    op: str
    type: str
    args: tuple[Expr, ...] = ()
    attr: int | str | None = None
    """Argument index, constant value, cmpi predicate or hole number."""
    _hash: int = field(default=0, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.op, self.type, self.args, self.attr)))

    def __hash__(self) -> int:
        return self._hash

    @property
    def is_leaf(self) -> bool:
        return self.op in LEAVES

    def nodes(self) -> set[Expr]:
        """The distinct op nodes (not leaves) of the DAG."""
        found: set[Expr] = set()
        stack = [self]
        while stack:
            node = stack.pop()
            if node.is_leaf or node in found:
                continue
            found.add(node)
            stack.extend(node.args)
        return found

    def holes(self) -> list[Expr]:
        found: dict[Expr, None] = {}
        stack = [self]
        while stack:
            node = stack.pop()
            if node.op == "hole":
                found[node] = None
            stack.extend(node.args)
        return sorted(found, key=lambda h: int(h.attr or 0))

    def substitute(self, mapping: dict[Expr, Expr]) -> Expr:
        if self in mapping:
            return mapping[self]
        if not self.args:
            return self
        return Expr(self.op, self.type, tuple(a.substitute(mapping) for a in self.args), self.attr)

    def show(self, names: Sequence[str] = ()) -> str:
        """A one-line reading, e.g. `shli(x, 3)`."""
        if self.op == "arg":
            index = int(self.attr or 0)
            return names[index] if index < len(names) else f"a{index}"
        if self.op == "const":
            return str(self.attr)
        if self.op == "hole":
            return f"?c{self.attr}"
        inner = ", ".join(a.show(names) for a in self.args)
        short = self.op.removeprefix("arith.")
        if self.op == "arith.cmpi":
            return f"cmpi {self.attr}({inner})"
        return f"{short}({inner})"


def arg(index: int, type_: str) -> Expr:
    return Expr("arg", type_, (), index)


def const(value: int, type_: str) -> Expr:
    return Expr("const", type_, (), value)


def hole(number: int, type_: str) -> Expr:
    return Expr("hole", type_, (), number)


@dataclass(frozen=True)
class Signature:
    """A function's arguments (names and types) and its one result type."""

    arg_names: tuple[str, ...]
    arg_types: tuple[str, ...]
    result_type: str


def _literal(value: int, type_: str) -> str:
    if type_ == "i1":
        return "true" if value & 1 else "false"
    if type_ == "index":
        return str(value)
    width = int(type_[1:])
    value &= (1 << width) - 1
    return str(value - (1 << width) if value >> (width - 1) else value)


def function_text(
    name: str,
    signature: Signature,
    expr: Expr,
    attributes: str = "",
    holes: Sequence[Expr] = (),
) -> str:
    """`func.func @name` computing `expr` (holes become trailing `irproof.not_poison`
    arguments named `%cN`)."""
    params = [f"%{n}: {t}" for n, t in zip(signature.arg_names, signature.arg_types, strict=True)]
    hole_names: dict[Expr, str] = {}
    for h in holes:
        hole_names[h] = f"%c{h.attr}"
        params.append(f"%c{h.attr}: {h.type} {{irproof.not_poison}}")
    lines: list[str] = []
    names: dict[Expr, str] = {}

    def emit(node: Expr) -> str:
        if node.op == "arg":
            return f"%{signature.arg_names[int(node.attr or 0)]}"
        if node.op == "hole":
            return hole_names[node]
        if node in names:
            return names[node]
        if node.op == "const":
            value = int(node.attr or 0)
            line = f"arith.constant {_literal(value, node.type)}"
            line += "" if node.type == "i1" else f" : {node.type}"
        else:
            operands = [emit(a) for a in node.args]
            line = _op_text(node, operands)
        names[node] = f"%v{len(names)}"
        lines.append(f"  {names[node]} = {line}")
        return names[node]

    result = emit(expr)
    attrs = f" attributes {{{attributes}}}" if attributes else ""
    head = f"func.func @{name}({', '.join(params)}) -> {signature.result_type}{attrs} {{"
    body = "\n".join([*lines, f"  return {result} : {signature.result_type}"])
    return f"{head}\n{body}\n}}"


def _op_text(node: Expr, operands: list[str]) -> str:
    args = ", ".join(operands)
    shape = OPS[node.op].shape
    if shape == "cmp":
        return f"arith.cmpi {node.attr}, {args} : {node.args[0].type}"
    if shape == "select":
        return f"arith.select {args} : {node.type}"
    if shape in ("ext", "trunc"):
        return f"{node.op} {args} : {node.args[0].type} to {node.type}"
    return f"{node.op} {args} : {node.type}"


# ---- reading a function back -----------------------------------------------------------


def type_name(typ: Attribute) -> str | None:
    if isinstance(typ, IntegerType):
        return f"i{typ.width.data}"
    if isinstance(typ, IndexType):
        return "index"
    return None


def signature_of(function: func.FuncOp) -> Signature | None:
    """The signature of a one-result function over integer/index types, else None."""
    args = function.body.blocks[0].args if function.body.blocks else ()
    types = [type_name(a.type) for a in args]
    outputs = list(function.function_type.outputs.data)
    if len(outputs) != 1 or any(t is None for t in types):
        return None
    result = type_name(outputs[0])
    if result is None:
        return None
    names = tuple(a.name_hint or f"arg{i}" for i, a in enumerate(args))
    if len(set(names)) != len(names):
        names = tuple(f"arg{i}" for i in range(len(args)))
    return Signature(names, tuple(t for t in types if t is not None), result)


def _has_flags(op: object) -> bool:
    props = getattr(op, "properties", {})
    for key in ("overflowFlags", "isExact", "nonNeg"):
        value = props.get(key)
        if value is None:
            continue
        data = getattr(value, "data", None)
        if key != "overflowFlags" or data:
            return True
    return False


def from_function(function: func.FuncOp) -> Expr | None:
    """The `Expr` a one-block, one-result function of `OPS` computes (None if it uses other
    ops, flags, several results or blocks)."""
    if len(function.body.blocks) != 1 or signature_of(function) is None:
        return None
    block = function.body.blocks[0]
    values: dict[SSAValue, Expr] = {}
    for index, block_arg in enumerate(block.args):
        values[block_arg] = arg(index, type_name(block_arg.type) or "")
    for op in block.ops:
        if isinstance(op, func.ReturnOp):
            return values.get(op.operands[0]) if len(op.operands) == 1 else None
        if len(op.results) != 1 or _has_flags(op):
            return None
        result_type = type_name(op.results[0].type)
        if result_type is None:
            return None
        if isinstance(op, arith.ConstantOp):
            value = op.value
            if not isinstance(value, IntegerAttr):
                return None
            values[op.results[0]] = const(value.value.data, result_type)
            continue
        if op.name not in OPS or any(o not in values for o in op.operands):
            return None
        attr: str | None = None
        if op.name == "arith.cmpi":
            attr = CMP_PREDICATES[op.properties["predicate"].value.data]  # type: ignore[union-attr]
        operands = tuple(values[o] for o in op.operands)
        values[op.results[0]] = Expr(op.name, result_type, operands, attr)
    return None
