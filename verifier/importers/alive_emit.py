"""MLIR emission of one typed Alive transformation: the `@NAME_src` / `@NAME_tgt` pair.

Both functions take every input (`%x`) and every symbolic constant (`C1`, an argument
marked `{irproof.not_poison}`) and return, in source order, every value the target
redefines: the root, and each intermediate value Alive checks too (all but those the
precondition says have one use).
LLVM instructions become the `arith` op of the same meaning (flags included). The
precondition is computed at the end of the source and ends in `irproof.assume`. A target
that uses a source temporary recomputes it (a copy of the source instructions it needs).
Constant expressions and predicates are emitted by `alive_body.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from irproof.verifier.importers.alive_ast import (
    AliveError,
    Binary,
    BinOp,
    Call,
    Conversion,
    Copy,
    Expr,
    Icmp,
    Instruction,
    Lit,
    Pred,
    PredAnd,
    PredCall,
    PredCompare,
    PredNot,
    PredOr,
    PredTrue,
    Reg,
    Select,
    Sym,
    Transformation,
    Unary,
)
from irproof.verifier.importers.alive_body import (
    COUNTS,
    PREDICATES,
    SAME_TYPE,
    TOTAL_BINARY,
    WRAPPING,
    Body,
)
from irproof.verifier.importers.alive_types import WIDE, Key, Typing

ARITH_BINOPS = {
    "add": "addi",
    "sub": "subi",
    "mul": "muli",
    "udiv": "divui",
    "sdiv": "divsi",
    "urem": "remui",
    "srem": "remsi",
    "shl": "shli",
    "lshr": "shrui",
    "ashr": "shrsi",
    "and": "andi",
    "or": "ori",
    "xor": "xori",
}
CONVERSIONS = {"zext": "extui", "sext": "extsi", "trunc": "trunci"}
"""LLVM casts of a known direction (`ZExtOrTrunc` goes through `_Emitter.resize`)."""
NOT_POISON = "{irproof.not_poison}"
COMPARISONS = {
    "==": "eq",
    "!=": "ne",
    "<": "slt",
    "<=": "sle",
    ">": "sgt",
    ">=": "sge",
    "u<": "ult",
    "u<=": "ule",
    "u>": "ugt",
    "u>=": "uge",
}

# --- Names: Alive registers and constants in one function -----------------------------------


@dataclass
class _Scope:
    """Alive names → SSA values; `pending` instructions are emitted when first used."""

    values: dict[str, str] = field(default_factory=dict)
    pending: dict[str, Instruction] = field(default_factory=dict)
    parent: _Scope | None = None


def _key(node: Expr) -> Key:
    if isinstance(node, Reg):
        return ("reg", node.name)
    if isinstance(node, Sym):
        return ("sym", node.name)
    return ("node", node.uid)


@dataclass(frozen=True)
class Pair:
    """The MLIR text of one transformation's pair."""

    name: str
    text: str


class _Emitter:
    def __init__(self, transformation: Transformation, typing: Typing) -> None:
        self.t = transformation
        self.typing = typing
        self.inputs = _inputs(transformation)
        self.results = _results(transformation)

    def type_of(self, node: Expr | str) -> str:
        return self.typing.type_of(("reg", node) if isinstance(node, str) else _key(node))

    # --- functions

    def pair(self, name: str) -> Pair:
        source = self.function(f"{name}_src", self.source_body, generic=True)
        target = self.function(f"{name}_tgt", self.target_body, generic=False)
        return Pair(name, f"{source}\n{target}\n")

    def function(
        self, symbol: str, body: Callable[[Body, _Scope], list[str]], generic: bool
    ) -> str:
        f = Body(set(self.typing.variables))
        scope = _Scope()
        params = []
        for name in self.inputs:
            ssa = f.name(name)
            scope.values[name] = ssa
            attr = f" {NOT_POISON}" if not name.startswith("%") else ""
            params.append(f"{ssa}: {self.input_type(name)}{attr}")
        returned = body(f, scope)
        types = [self.type_of(r) for r in self.results]
        signature = types[0] if len(types) == 1 else f"({', '.join(types)})"
        attrs = self.attributes() if generic else ""
        head = f"func.func @{symbol}({', '.join(params)}) -> {signature}{attrs} {{"
        tail = f"  return {', '.join(returned)} : {', '.join(types)}\n}}"
        return "\n".join([head, *f.lines, tail])

    def input_type(self, name: str) -> str:
        return self.typing.type_of(("reg", name) if name.startswith("%") else ("sym", name))

    def attributes(self) -> str:
        if not self.typing.variables:
            return ""
        generic = ", ".join(f"i{v}" for v in self.typing.variables)
        parts = [f"irproof.generic = [{generic}]"]
        if self.typing.constraints:
            quoted = ", ".join(f'"{c}"' for c in self.typing.constraints)
            parts.append(f"irproof.width_constraints = [{quoted}]")
        return f" attributes {{{', '.join(parts)}}}"

    def source_body(self, f: Body, scope: _Scope) -> list[str]:
        for inst in self.t.source:
            self.instruction(f, inst, scope)
        condition = self.pred(f, self.t.pre, scope)
        if condition is not None:
            f.lines.append(f"  irproof.assume {condition}")
        return [scope.values[r] for r in self.results]

    def target_body(self, f: Body, inputs: _Scope) -> list[str]:
        copies = _Scope(inputs.values, {i.dest: i for i in self.t.source})
        scope = _Scope(parent=copies)
        for inst in self.t.target:
            self.instruction(f, inst, scope)
        return [scope.values[r] for r in self.results]

    # --- instructions

    def lookup(self, f: Body, name: str, scope: _Scope) -> str:
        at: _Scope | None = scope
        while at is not None:
            if name in at.values:
                return at.values[name]
            if name in at.pending:
                self.instruction(f, at.pending.pop(name), at)
                return at.values[name]
            at = at.parent
        raise AliveError(f"{name} is used before it is defined")

    def instruction(self, f: Body, inst: Instruction, scope: _Scope) -> None:
        op, typ = inst.op, self.type_of(inst.dest)
        if isinstance(op, Copy):
            scope.values[inst.dest] = self.expr(f, op.value, scope)
            return
        if isinstance(op, BinOp):
            lhs, rhs = self.expr(f, op.lhs, scope), self.expr(f, op.rhs, scope)
            text = f"arith.{ARITH_BINOPS[op.opcode]} {lhs}, {rhs}{_flags(op.flags)} : {typ}"
        elif isinstance(op, Icmp):
            lhs, rhs = self.expr(f, op.lhs, scope), self.expr(f, op.rhs, scope)
            text = f"arith.cmpi {op.predicate}, {lhs}, {rhs} : {self.type_of(op.lhs)}"
        elif isinstance(op, Select):
            cond = self.expr(f, op.cond, scope)
            then, other = self.expr(f, op.then, scope), self.expr(f, op.other, scope)
            text = f"arith.select {cond}, {then}, {other} : {typ}"
        else:
            assert isinstance(op, Conversion)
            value = self.expr(f, op.value, scope)
            if op.opcode == "ZExtOrTrunc":
                scope.values[inst.dest] = self.resize(f, value, self.type_of(op.value), typ)
                return
            text = f"arith.{CONVERSIONS[op.opcode]} {value} : {self.type_of(op.value)} to {typ}"
        scope.values[inst.dest] = f.op(text, inst.dest)

    # --- constant expressions

    def expr(self, f: Body, node: Expr, scope: _Scope) -> str:
        typ = self.type_of(node)
        if isinstance(node, Reg | Sym):
            return self.lookup(f, node.name, scope)
        if isinstance(node, Lit):
            return f.const(node.value, typ)
        if isinstance(node, Unary):
            arg = self.expr(f, node.arg, scope)
            if node.op == "~":
                return f.binary("xori", arg, f.const(-1, typ), typ)
            return f.binary("subi", f.const(0, typ), arg, typ)
        if isinstance(node, Binary):
            lhs, rhs = self.expr(f, node.lhs, scope), self.expr(f, node.rhs, scope)
            if node.op in WRAPPING:
                return f.binary(WRAPPING[node.op], lhs, rhs, typ)
            return TOTAL_BINARY[node.op](f, lhs, rhs, typ)
        return self.call(f, node, scope)

    def call(self, f: Body, node: Call, scope: _Scope) -> str:
        typ = self.type_of(node)
        args = [self.expr(f, a, scope) for a in node.args]
        if node.name in SAME_TYPE:
            return SAME_TYPE[node.name](f, args, typ)
        arg_type = self.type_of(node.args[0])
        if node.name in COUNTS:
            return self.resize(f, COUNTS[node.name](f, args[0], arg_type), arg_type, typ)
        op = CONVERSIONS[node.name]
        return f.op(f"arith.{op} {args[0]} : {arg_type} to {typ}", node.name)

    def resize(self, f: Body, value: str, source: str, target: str) -> str:
        """Zero-extend or truncate (Alive's ZExtOrTrunc); through `i{WIDE}` when the order
        of the two widths is not known."""
        if source == target:
            return value
        if self.typing.ordered(source, target):
            return f.op(f"arith.extui {value} : {source} to {target}", "zext")
        if self.typing.ordered(target, source):
            return f.op(f"arith.trunci {value} : {source} to {target}", "trunc")
        wide = f"i{WIDE}"
        if not (self.typing.ordered(source, wide) and self.typing.ordered(target, wide)):
            raise AliveError(f"no conversion from {source} to {target}")
        extended = f.op(f"arith.extui {value} : {source} to {wide}", "zext")
        return f.op(f"arith.trunci {extended} : {wide} to {target}", "trunc")

    # --- the precondition

    def pred(self, f: Body, pred: Pred, scope: _Scope) -> str | None:
        """The i1 value of the precondition, None when it is true."""
        if isinstance(pred, PredTrue):
            return None
        if isinstance(pred, PredNot):
            inner = self.pred(f, pred.arg, scope)
            return f.binary("xori", inner, f.const(1, "i1"), "i1") if inner else f.const(0, "i1")
        if isinstance(pred, PredAnd | PredOr):
            parts = [p for p in (self.pred(f, a, scope) for a in pred.args) if p is not None]
            if isinstance(pred, PredOr) and len(parts) < len(pred.args):
                return None  # one disjunct is true
            op = "andi" if isinstance(pred, PredAnd) else "ori"
            result = parts[0] if parts else None
            for part in parts[1:]:
                result = f.binary(op, result, part, "i1")  # type: ignore[arg-type]
            return result
        if isinstance(pred, PredCompare):
            lhs, rhs = self.expr(f, pred.lhs, scope), self.expr(f, pred.rhs, scope)
            return f.cmp(COMPARISONS[pred.op], lhs, rhs, self.type_of(pred.lhs))
        assert isinstance(pred, PredCall)
        if pred.name == "hasOneUse":
            return None
        args = [self.expr(f, a, scope) for a in pred.args]
        return PREDICATES[pred.name](f, args, self.type_of(pred.args[0]))


def _flags(flags: tuple[str, ...]) -> str:
    overflow = [f for f in ("nsw", "nuw") if f in flags]
    text = f" overflow<{', '.join(overflow)}>" if overflow else ""
    return text + (" exact" if "exact" in flags else "")


def _inputs(t: Transformation) -> list[str]:
    """Registers read but never defined, then symbolic constants, in order of appearance."""
    defined = {i.dest for i in (*t.source, *t.target)}
    found: dict[str, None] = {}
    for inst in (*t.source, *t.target):
        for node in _leaves(inst):
            name = node.name
            if isinstance(node, Sym) or name not in defined:
                found.setdefault(name, None)
    return list(found)


def _leaves(inst: Instruction) -> list[Reg | Sym]:
    op = inst.op
    if isinstance(op, BinOp | Icmp):
        roots: list[Expr] = [op.lhs, op.rhs]
    elif isinstance(op, Select):
        roots = [op.cond, op.then, op.other]
    else:
        roots = [op.value]
    leaves: list[Reg | Sym] = []
    while roots:
        node = roots.pop(0)
        if isinstance(node, Reg | Sym):
            leaves.append(node)
        elif isinstance(node, Unary):
            roots.insert(0, node.arg)
        elif isinstance(node, Binary):
            roots[0:0] = [node.lhs, node.rhs]
        elif isinstance(node, Call):
            roots[0:0] = list(node.args)
    return leaves


def _results(t: Transformation) -> list[str]:
    """The values both sides define, in source order, that the target must refine: the root,
    and each intermediate value unless the precondition says it has one use (Alive checks
    such a value only when it has users outside the source, which `hasOneUse` rules out)."""
    redefined = {i.dest for i in t.target}
    uses = _use_counts(t.source)
    results = [
        i.dest
        for i in t.source
        if i.dest in redefined and not (uses.get(i.dest) == 1 and _forces_one_use(t.pre, i.dest))
    ]
    if not results:
        raise AliveError("the target redefines no source value")
    return results


def _use_counts(source: tuple[Instruction, ...]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for inst in source:
        for leaf in _leaves(inst):
            if isinstance(leaf, Reg):
                counts[leaf.name] = counts.get(leaf.name, 0) + 1
    return counts


def _forces_one_use(pred: Pred, name: str) -> bool:
    """Whether `pred` cannot hold when `hasOneUse(name)` is false (other predicates free)."""
    return _can_hold(pred, name) is False


def _can_hold(pred: Pred, name: str) -> bool:
    """Whether `pred` may be true when `hasOneUse(name)` is false, its other atoms free."""
    if isinstance(pred, PredCall) and pred.name == "hasOneUse":
        return not (len(pred.args) == 1 and pred.args[0] == Reg(name))
    if isinstance(pred, PredAnd):
        return all(_can_hold(a, name) for a in pred.args)
    if isinstance(pred, PredOr):
        return any(_can_hold(a, name) for a in pred.args)
    return True  # a negation or any other atom may be true


def emit_pair(name: str, transformation: Transformation, typing: Typing) -> Pair:
    """The MLIR text of `@name_src` and `@name_tgt`."""
    return _Emitter(transformation, typing).pair(name)
