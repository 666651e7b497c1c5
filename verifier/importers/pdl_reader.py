"""Reads one `pdl.pattern` into nodes: the matched ops, the rewrite, the native calls and
the attributes, with the types of every value inferred (`pdl_types`).

What the nodes mean is described in `pdl.py`; `pdl_writer.py` turns them into MLIR.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from xdsl.dialects import pdl
from xdsl.dialects.builtin import IndexType, IntegerAttr, IntegerType
from xdsl.ir import Attribute, Operation, SSAValue

from irproof.verifier.importers import pdl_ops as ops
from irproof.verifier.importers.pdl_natives import (
    CONSTRAINTS,
    FLAGS,
    INT,
    PINNING,
    PRED,
    REWRITES,
    TYPE,
    VALUE,
    Native,
)
from irproof.verifier.importers.pdl_ops import OpSpec
from irproof.verifier.importers.pdl_types import TypeSlots


class Unsupported(Exception):
    """This pattern has no src/tgt pair (the reason is reported as `unknown`)."""


@dataclass(eq=False)
class ValueNode:
    """A PDL value: an argument (`op` None) or result `index` of an op."""

    slot: int
    hint: str
    op: OpNode | None = None
    index: int = 0


@dataclass(eq=False)
class AttrNode:
    """A `pdl.attribute`: a literal, open (a symbolic input) or a native rewrite's result."""

    hint: str
    literal: Attribute | None = None
    slot: int | None = None
    kind: str | None = None
    flag_names: tuple[str, ...] = ()
    in_rewrite: bool = False
    native: NativeCall | None = None
    users: list[OpNode | None] = field(default_factory=list)
    """The matched ops it is a flag attribute of; None for any other use."""
    pinned: int | None = None
    """Set when a constraint (`is_zero`, ...) fixes an open constant to this literal."""


@dataclass(eq=False)
class OpNode:
    spec: OpSpec
    operands: list[ValueNode]
    attrs: dict[str, AttrNode]
    results: list[ValueNode]
    matched: bool
    hint: str


@dataclass(eq=False)
class TypeRange:
    slots: list[int] | None


@dataclass(eq=False)
class ValueRange:
    items: list[ValueNode] | None
    types: TypeRange | None
    hint: str


@dataclass(eq=False)
class NativeCall:
    native: Native
    args: list[object]
    negated: bool = False


Node = ValueNode | AttrNode | OpNode | TypeRange | ValueRange | int | list[ValueNode]


def _hint(value: SSAValue, default: str) -> str:
    name = value.name_hint
    if name is None:
        return default
    match = re.fullmatch(r"v\d+_(.+)", name)
    return match[1] if match else name


def _type_text(typ: Attribute) -> str:
    if isinstance(typ, IntegerType):
        return f"i{typ.width.data}"
    if isinstance(typ, IndexType):
        return "index"
    raise Unsupported(f"type {typ} (only integers and index)")


@dataclass
class Pattern:
    """A pattern read into nodes, with its types being inferred."""

    name: str
    slots: TypeSlots = field(default_factory=TypeSlots)
    nodes: dict[SSAValue, Node] = field(default_factory=dict)
    inputs: list[ValueNode] = field(default_factory=list)
    """The pattern's operands: the arguments of both functions (then the symbolic ones)."""
    attributes: list[AttrNode] = field(default_factory=list)
    matched: list[OpNode] = field(default_factory=list)
    constraints: list[NativeCall] = field(default_factory=list)
    root: OpNode | None = None
    replaced: dict[OpNode, list[ValueNode]] = field(default_factory=dict)
    unused: set[ValueNode] = field(default_factory=set)
    """Results of the root that have no uses (`unused`): not compared."""
    casts: list[OpNode] = field(default_factory=list)

    # -- values and types --

    def value(self, ssa: SSAValue) -> ValueNode:
        node = self.nodes[ssa]
        if isinstance(node, ValueNode):
            return node
        items = self.flatten([ssa])
        if len(items) != 1:
            raise Unsupported("a value range used as a single value")
        return items[0]

    def flatten(self, values: Sequence[SSAValue], expected: int | None = None) -> list[ValueNode]:
        """Values and value ranges as a list; one range of unknown length gets the rest."""
        known = sum(len(self._items(v) or []) for v in values if self._items(v) is not None)
        open_ranges = [v for v in values if self._items(v) is None]
        if len(open_ranges) > 1:
            raise Unsupported("two value ranges of unknown length in one operand list")
        if open_ranges:
            if expected is None:
                raise Unsupported("a value range of unknown length")
            self._materialize(open_ranges[0], expected - known)
        out: list[ValueNode] = []
        for v in values:
            out += self._items(v) or []
        return out

    def _items(self, ssa: SSAValue) -> list[ValueNode] | None:
        node = self.nodes[ssa]
        if isinstance(node, ValueNode):
            return [node]
        if isinstance(node, ValueRange):
            return node.items
        if isinstance(node, list):
            return node
        raise Unsupported("an operand that is not a value")

    def _materialize(self, ssa: SSAValue, count: int) -> None:
        node = self.nodes[ssa]
        assert isinstance(node, ValueRange)
        if count < 0:
            raise Unsupported("more operands than the op has")
        slots = self.type_slots(node.types, count) if node.types else None
        node.items = []
        for i in range(count):
            slot = slots[i] if slots else self.slots.new()
            arg = ValueNode(slot, f"{node.hint}{i}")
            node.items.append(arg)
            self.inputs.append(arg)

    def type_slots(self, types: TypeRange, count: int) -> list[int]:
        if types.slots is None:
            types.slots = [self.slots.new() for _ in range(count)]
        if len(types.slots) != count:
            raise Unsupported(f"a type range of {len(types.slots)} types where {count} are needed")
        return types.slots

    def result_slots(self, values: Sequence[SSAValue], count: int) -> list[int]:
        singles = [self.nodes[v] for v in values]
        ranges = [n for n in singles if isinstance(n, TypeRange)]
        fixed = sum(1 for n in singles if isinstance(n, int))
        if len(ranges) > 1:
            raise Unsupported("two type ranges in one result list")
        out: list[int] = []
        for node in singles:
            if isinstance(node, int):
                out.append(node)
            elif isinstance(node, TypeRange):
                out += self.type_slots(node, count - fixed)
        if values and len(out) != count:
            raise Unsupported(f"{len(out)} result types for an op with {count} results")
        return out or [self.slots.new() for _ in range(count)]


# ---- reading pdl ops ---------------------------------------------------------------------


def read_pattern(pattern: pdl.PatternOp, name: str) -> Pattern:
    p = Pattern(name)
    for op in pattern.body.block.ops:
        if isinstance(op, pdl.RewriteOp):
            _read_rewrite(p, op)
        else:
            _read_op(p, op, in_rewrite=False)
    if p.root is None:
        raise Unsupported("no pdl.rewrite with a root op")
    if any(value.op is not p.root for value in p.unused):
        raise Unsupported("unused() of a value that is not a result of the root op")
    return p


def _read_op(p: Pattern, op: Operation, in_rewrite: bool) -> None:
    match op:
        case pdl.OperandOp():
            arg = ValueNode(p.slots.new(), _hint(op.value, "arg"))
            if op.value_type is not None:
                p.slots.unify(arg.slot, _single_slot(p, op.value_type))
            p.nodes[op.value] = arg
            p.inputs.append(arg)
        case pdl.OperandsOp():
            types = p.nodes[op.value_type] if op.value_type is not None else None
            assert types is None or isinstance(types, TypeRange)
            p.nodes[op.value] = ValueRange(None, types, _hint(op.value, "args"))
        case pdl.TypeOp():
            fixed = _type_text(op.constantType) if op.constantType is not None else None
            p.nodes[op.result] = p.slots.new(fixed)
        case pdl.TypesOp():
            constant = op.constantTypes
            slots = None
            if constant is not None:
                slots = [p.slots.new(_type_text(t)) for t in constant.data]
            p.nodes[op.result] = TypeRange(slots)
        case pdl.AttributeOp():
            _read_attribute(p, op, in_rewrite)
        case pdl.OperationOp():
            created = _read_operation(p, op, matched=not in_rewrite)
            p.nodes[op.op] = created
            if not in_rewrite:
                p.matched.append(created)
        case pdl.ResultOp():
            parent = _op_node(p, op.parent_)
            index = op.index.value.data
            if index >= len(parent.results):
                raise Unsupported(f"result {index} of {parent.spec.name}")
            p.nodes[op.val] = parent.results[index]
        case pdl.ResultsOp():
            parent = _op_node(p, op.parent_)
            if op.index is None:
                p.nodes[op.val] = list(parent.results)
            else:
                p.nodes[op.val] = [parent.results[op.index.value.data]]
        case pdl.ApplyNativeConstraintOp():
            _read_constraint(p, op)
        case pdl.ApplyNativeRewriteOp():
            _read_native_rewrite(p, op)
        case pdl.ReplaceOp():
            _read_replace(p, op)
        case pdl.EraseOp():
            raise Unsupported("pdl.erase (an erased op has no value to compare)")
        case _:
            raise Unsupported(f"{op.name} is not supported by the PDL importer")


def _single_slot(p: Pattern, ssa: SSAValue) -> int:
    node = p.nodes[ssa]
    if not isinstance(node, int):
        raise Unsupported("a type range where a single type is expected")
    return node


def _op_node(p: Pattern, ssa: SSAValue) -> OpNode:
    node = p.nodes[ssa]
    assert isinstance(node, OpNode)
    return node


def _read_attribute(p: Pattern, op: pdl.AttributeOp, in_rewrite: bool) -> None:
    node = AttrNode(_hint(op.output, "c"), op.value, in_rewrite=in_rewrite)
    if isinstance(op.value, IntegerAttr):
        node.slot = p.slots.new(_type_text(op.value.type))
    elif op.value_type is not None:
        node.slot = _single_slot(p, op.value_type)
    p.nodes[op.output] = node
    p.attributes.append(node)


def _read_rewrite(p: Pattern, op: pdl.RewriteOp) -> None:
    if op.root is None:
        raise Unsupported("a pdl.rewrite without a root (an external rewrite)")
    p.root = _op_node(p, op.root)
    for inner in op.body.block.ops if op.body.blocks else ():
        _read_op(p, inner, in_rewrite=True)


def _read_operation(p: Pattern, op: pdl.OperationOp, matched: bool) -> OpNode:
    name = op.opName.data if op.opName is not None else None
    spec = ops.OPS.get(name or "")
    if spec is None:
        raise Unsupported(f"op {name or '(any)'} is not supported by the PDL importer")
    hint = _hint(op.op, spec.name.removeprefix("arith."))
    operands = p.flatten(list(op.operand_values), spec.operands)
    if len(operands) != spec.operands:
        raise Unsupported(f"{spec.name} with {len(operands)} operands")
    slots = p.result_slots(list(op.type_values), spec.results)
    suffix = [""] if spec.results == 1 else [str(i) for i in range(spec.results)]
    node = OpNode(spec, operands, {}, [], matched, hint)
    node.results = [
        ValueNode(s, f"{hint}{x}", node, i)
        for i, (s, x) in enumerate(zip(slots, suffix, strict=True))
    ]
    names = [a.data for a in op.attributeValueNames.data]
    for attr_name, ssa in zip(names, op.attribute_values, strict=True):
        attr = p.nodes[ssa]
        assert isinstance(attr, AttrNode)
        node.attrs[attr_name] = attr
        _use_attribute(attr_name, attr, node)
    _implicit_attributes(p, node)
    _type_op(p, node)
    return node


def _set_kind(attr: AttrNode, kind: str, flag_names: tuple[str, ...] = ()) -> None:
    if attr.kind not in (None, kind) or (attr.flag_names and attr.flag_names != flag_names):
        raise Unsupported(f"attribute {attr.hint} used both as {attr.kind} and as {kind}")
    attr.kind, attr.flag_names = kind, flag_names or attr.flag_names


def _use_attribute(name: str, attr: AttrNode, node: OpNode) -> None:
    spec = node.spec
    if name == "value" and spec.typing == ops.CONSTANT:
        _set_kind(attr, INT)
    elif name == "predicate" and spec.name == "arith.cmpi":
        _set_kind(attr, PRED)
    elif name == spec.flags:
        _set_kind(attr, FLAGS, ops.FLAG_ATTRIBUTES[name])
    else:
        raise Unsupported(f"attribute '{name}' of {spec.name}")
    attr.users.append(node if node.matched and name == spec.flags else None)


def _implicit_attributes(p: Pattern, node: OpNode) -> None:
    """A matched constant without a value or cmpi without a predicate matches any: give
    them an open attribute. Created ops must say."""
    needed = {ops.CONSTANT: "value"}.get(node.spec.typing)
    if node.spec.name == "arith.cmpi":
        needed = "predicate"
    if needed is None or needed in node.attrs:
        return
    if not node.matched:
        raise Unsupported(f"{node.spec.name} created without its '{needed}'")
    attr = AttrNode(node.hint)
    node.attrs[needed] = attr
    p.attributes.append(attr)
    _use_attribute(needed, attr, node)


def _type_op(p: Pattern, node: OpNode) -> None:
    """The typing rule of the op (see `pdl_ops`)."""
    s, rule = p.slots, node.spec.typing
    values = [v.slot for v in (*node.operands, *node.results)]
    if rule in (ops.SAME, ops.BITCAST, ops.WIDE):
        _unify(s, values)
    elif rule == ops.COMPARE:
        _unify(s, values[:2])
        s.fix(values[2], "i1")
    elif rule == ops.SELECT:
        s.fix(values[0], "i1")
        _unify(s, values[1:])
    elif rule == ops.CARRY:
        _unify(s, [values[0], values[1], values[2]])
        s.fix(values[3], "i1")
    elif rule == ops.EXTEND:
        s.less(values[0], values[1])
    elif rule == ops.TRUNCATE:
        s.less(values[1], values[0])
    elif rule == ops.CONSTANT:
        attr = node.attrs["value"]
        if attr.slot is None:
            attr.slot = values[0]
        s.unify(attr.slot, values[0])
    elif rule == ops.INDEX_CAST:
        p.casts.append(node)


def _unify(slots: TypeSlots, values: Sequence[int]) -> None:
    for other in values[1:]:
        slots.unify(values[0], other)


def _native_args(p: Pattern, native: Native, values: Sequence[SSAValue]) -> list[object]:
    if len(values) != len(native.params):
        raise Unsupported(f"{native.name} takes {len(native.params)} arguments, not {len(values)}")
    args: list[object] = []
    for kind, ssa in zip(native.params, values, strict=True):
        node = p.nodes[ssa]
        if kind in (INT, PRED, FLAGS) and isinstance(node, AttrNode):
            _set_kind(node, kind, ("nsw", "nuw") if kind == FLAGS else ())
            node.users.append(None)
        elif kind == INT and isinstance(node, ValueNode | list | ValueRange):
            node = p.value(ssa)
        elif kind == TYPE and isinstance(node, int | ValueNode | list | ValueRange | AttrNode):
            node = _type_arg(p, ssa)
        elif kind == VALUE and isinstance(node, ValueNode | list | ValueRange):
            node = p.value(ssa)
        else:
            raise Unsupported(f"{native.name}: argument of the wrong kind (expected {kind})")
        if isinstance(node, AttrNode) and node.kind == INT and node.slot is None:
            node.slot = p.slots.new()
        args.append(node)
    return args


def _type_arg(p: Pattern, ssa: SSAValue) -> int:
    """A type argument: a `pdl.type`, or the type of a value or attribute."""
    node = p.nodes[ssa]
    if isinstance(node, int):
        return node
    if isinstance(node, AttrNode):
        if node.slot is None:
            node.slot = p.slots.new()
        return node.slot
    return p.value(ssa).slot


def _arg_slot(arg: object) -> int | None:
    """The type slot of a native's argument (None for predicates and flags)."""
    if isinstance(arg, ValueNode | AttrNode):
        return arg.slot
    return arg if isinstance(arg, int) else None


def _read_constraint(p: Pattern, op: pdl.ApplyNativeConstraintOp) -> None:
    name = op.constraint_name.data
    native = CONSTRAINTS.get(name)
    if native is None:
        raise Unsupported(f"native constraint '{name}' is not in irproof's vocabulary")
    if op.res:
        raise Unsupported(f"native constraint '{name}' with results")
    args = _native_args(p, native, list(op.args))
    native.typing(p.slots, [_arg_slot(a) for a in args], None)
    call = NativeCall(native, args, bool(op.is_negated.value.data))
    if _pin(call):
        return
    if name == "unused":
        (value,) = args
        if call.negated or not isinstance(value, ValueNode):
            raise Unsupported("'not unused(...)'")
        p.unused.add(value)
    elif native.emit is not None:
        p.constraints.append(call)
    elif call.negated:
        raise Unsupported(f"'not {name}' (a negated type constraint)")


def _pin(call: NativeCall) -> bool:
    """`is_zero(c)` on an open constant: make c the literal 0 (the same meaning as a
    symbolic constant assumed to be 0, and a cheaper query)."""
    value = PINNING.get(call.native.name)
    (attr, *_) = call.args or [None]
    if value is None or call.negated or not isinstance(attr, AttrNode):
        return False
    if attr.literal is not None or attr.in_rewrite or attr.pinned not in (None, value):
        return False
    attr.pinned = value
    return True


def _read_native_rewrite(p: Pattern, op: pdl.ApplyNativeRewriteOp) -> None:
    name = op.constraint_name.data
    native = REWRITES.get(name)
    if native is None:
        raise Unsupported(f"native rewrite '{name}' is not in irproof's vocabulary")
    if len(op.res) != 1 or not isinstance(op.res[0].type, pdl.AttributeType):
        raise Unsupported(f"native rewrite '{name}' must return one attribute")
    args = _native_args(p, native, list(op.args))
    result = AttrNode(_hint(op.res[0], name), in_rewrite=True)
    result.native = NativeCall(native, args)
    result.kind = native.result
    if native.result == INT:
        result.slot = p.slots.new()
    elif native.result == FLAGS:
        result.flag_names = ("nsw", "nuw")
    native.typing(p.slots, [_arg_slot(a) for a in args], result.slot)
    p.nodes[op.res[0]] = result


def _read_replace(p: Pattern, op: pdl.ReplaceOp) -> None:
    target = _op_node(p, op.op_value)
    if op.repl_operation is not None:
        values = _op_node(p, op.repl_operation).results
    else:
        values = p.flatten(list(op.repl_values), len(target.results))
    if len(values) != len(target.results):
        raise Unsupported(f"{len(values)} values replace {len(target.results)} results")
    for old, new in zip(target.results, values, strict=True):
        if old not in p.unused:  # an unused result may take any value, of any type
            p.slots.unify(old.slot, new.slot)
    p.replaced[target] = list(values)
