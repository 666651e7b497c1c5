"""Writes the src/tgt pair of a pattern read by `pdl_reader`: arguments (operands, symbolic
constants, predicates and flags), the source (matched ops and assumes) and the target (what
replaces the root), in MLIR's generic op syntax.
"""

from __future__ import annotations

from itertools import product

from xdsl.dialects import pdl
from xdsl.dialects.arith import IntegerOverflowAttr
from xdsl.dialects.builtin import IntegerAttr, UnitAttr
from xdsl.ir import Attribute

from irproof.verifier.generic import CONSTRAINTS_ATTR, GENERIC_ATTR
from irproof.verifier.importers import pdl_ops as ops
from irproof.verifier.importers.pdl_natives import (
    FLAGS,
    INT,
    PRED,
    Emitted,
    Flags,
    Int,
    Pred,
    TypeArg,
    cmp,
    compare_with,
    const,
    not_,
    select,
)
from irproof.verifier.importers.pdl_ops import FunctionText, OpSpec
from irproof.verifier.importers.pdl_reader import (
    AttrNode,
    OpNode,
    Pattern,
    Unsupported,
    ValueNode,
    read_pattern,
)
from irproof.verifier.importers.pdl_types import Resolution, TypeConflict
from irproof.verifier.refinement import NOT_POISON_ATTR


def translate_pattern(pattern: pdl.PatternOp, name: str) -> str:
    """The MLIR text of the pair `@{name}_src` / `@{name}_tgt` of one pattern."""
    try:
        p = read_pattern(pattern, name)
        types = p.slots.resolve()
    except TypeConflict as conflict:
        raise Unsupported(f"types: {conflict}") from None
    except KeyError:
        raise Unsupported("uses a value the importer could not read") from None
    _check_casts(p, types)
    return _Writer(p, types).pair()


def _check_casts(p: Pattern, types: Resolution) -> None:
    for node in p.casts:
        sides = [types.of(node.operands[0].slot), types.of(node.results[0].slot)]
        if sides.count("index") != 1:
            raise Unsupported(
                f'{node.spec.name} needs exactly one side of type index (write type<"index">)'
            )


class _Writer:
    """Writes the two functions of one pattern."""

    def __init__(self, p: Pattern, types: Resolution):
        self.p, self.types = p, types
        self.args: list[tuple[str, str, bool]] = []
        """(SSA name, type, never poison) of every argument, shared by both functions."""
        self.inputs: dict[object, Emitted] = {}
        self.in_target = _target_ops(p)
        self._declare_inputs()

    def type_of(self, slot: int | None) -> str:
        if slot is None:
            raise Unsupported("an attribute whose type is not known")
        return self.types.of(slot)

    # -- arguments --

    def _declare_inputs(self) -> None:
        names = FunctionText()
        for node in self.p.inputs:
            name = names.fresh(node.hint)
            self.args.append((name, self.type_of(node.slot), False))
            self.inputs[node] = Int(name, self.type_of(node.slot))
        for attr in self.p.attributes:
            if attr.literal is not None or attr.in_rewrite or attr.pinned is not None:
                continue
            self.inputs[attr] = self._symbolic(names, attr)
        self.reserved = set(names.taken)

    def _symbolic(self, names: FunctionText, attr: AttrNode) -> Emitted:
        if attr.kind == INT:
            name = names.fresh(attr.hint)
            self.args.append((name, self.type_of(attr.slot), True))
            return Int(name, self.type_of(attr.slot))
        if attr.kind == PRED:
            name = names.fresh(f"{attr.hint}_predicate")
            self.args.append((name, "i64", True))
            return Pred(name)
        if attr.kind == FLAGS:
            if all(user is not None and user not in self.in_target for user in attr.users):
                return Flags(dict.fromkeys(attr.flag_names, False))
            values: dict[str, bool | str] = {}
            for flag in attr.flag_names:
                values[flag] = names.fresh(f"{attr.hint}_{flag}")
                self.args.append((str(values[flag]), "i1", True))
            return Flags(values)
        raise Unsupported(f"attribute {attr.hint} is never used")

    # -- functions --

    def pair(self) -> str:
        source, results = self._source()
        target, replaced = self._target()
        return "\n".join(
            [
                self._function("src", source, results, True),
                self._function("tgt", target, replaced, False),
            ]
        )

    def _function(self, suffix: str, ft: FunctionText, results: list[Int], generic: bool) -> str:
        args = ", ".join(
            f"{name}: {typ}" + (f" {{{NOT_POISON_ATTR}}}" if never else "")
            for name, typ, never in self.args
        )
        outputs = ", ".join(r.type for r in results)
        attributes = ""
        if generic and self.types.generic:
            parts = [f"{GENERIC_ATTR} = [{', '.join(self.types.generic)}]"]
            if self.types.constraints:
                quoted = ", ".join(f'"{c}"' for c in self.types.constraints)
                parts.append(f"{CONSTRAINTS_ATTR} = [{quoted}]")
            attributes = f" attributes {{{', '.join(parts)}}}"
        returned = ", ".join(r.name for r in results)
        body = "".join(f"{line}\n" for line in ft.lines)
        signature = f"func.func @{self.p.name}_{suffix}({args}) -> ({outputs}){attributes}"
        types = f" : {outputs}" if outputs else ""
        return f"{signature} {{\n{body}  func.return {returned}{types}\n}}"

    def _new_text(self) -> FunctionText:
        return FunctionText(taken=set(self.reserved))

    def _returned(self) -> list[ValueNode]:
        assert self.p.root is not None
        return [r for r in self.p.root.results if r not in self.p.unused]

    def _source(self) -> tuple[FunctionText, list[Int]]:
        ft = self._new_text()
        env: dict[object, Emitted] = dict(self.inputs)
        for attr in self.p.attributes:
            value = env.get(attr)
            if isinstance(value, Pred) and isinstance(value.value, str):
                below = cmp(ft, "ult", Int(value.value, "i64"), const(ft, 10, "i64"))
                _assume(ft, below)
        for node in self.p.matched:
            self._emit_op(ft, env, node)
        for call in self.p.constraints:
            assert call.native.emit is not None
            cond = call.native.emit(ft, *[self._arg(ft, env, a, False) for a in call.args])
            _assume(ft, not_(ft, cond) if call.negated else cond)
        results = [self._value(ft, env, r, False) for r in self._returned()]
        return ft, results

    def _target(self) -> tuple[FunctionText, list[Int]]:
        ft = self._new_text()
        env: dict[object, Emitted] = dict(self.inputs)
        results = [self._value(ft, env, r, True) for r in self._returned()]
        return ft, results

    # -- values --

    def _value(
        self, ft: FunctionText, env: dict[object, Emitted], node: ValueNode, target: bool
    ) -> Int:
        if target and node.op is not None and node.op in self.p.replaced:
            node = self.p.replaced[node.op][node.index]
        if node not in env:
            assert node.op is not None, "arguments are declared up front"
            self._emit_op(ft, env, node.op, target)
        value = env[node]
        assert isinstance(value, Int)
        return value

    def _arg(
        self, ft: FunctionText, env: dict[object, Emitted], arg: object, target: bool
    ) -> Emitted:
        if isinstance(arg, ValueNode):
            return self._value(ft, env, arg, target)
        if isinstance(arg, AttrNode):
            return self._attribute(ft, env, arg, target)
        if isinstance(arg, int):
            return TypeArg(self.type_of(arg))
        raise Unsupported("a native argument the importer cannot pass")

    def _attribute(
        self, ft: FunctionText, env: dict[object, Emitted], attr: AttrNode, target: bool
    ) -> Emitted:
        if attr in env:
            return env[attr]
        if attr.native is not None:
            assert attr.native.native.emit is not None
            args = [self._arg(ft, env, a, target) for a in attr.native.args]
            value = attr.native.native.emit(ft, *args)
        else:
            value = self._literal(ft, attr)
        env[attr] = value
        return value

    def _literal(self, ft: FunctionText, attr: AttrNode) -> Emitted:
        literal = attr.literal
        if attr.kind == INT and attr.pinned is not None:
            return const(ft, attr.pinned, self.type_of(attr.slot))
        if attr.kind == INT and isinstance(literal, IntegerAttr):
            return const(ft, literal.value.data, self.type_of(attr.slot))
        if attr.kind == PRED and isinstance(literal, IntegerAttr):
            index = literal.value.data
            if not 0 <= index < len(ops.PREDICATES):
                raise Unsupported(f"cmpi predicate {index}")
            return Pred(index)
        if attr.kind == FLAGS:
            return Flags(_static_flags(attr, literal))
        raise Unsupported(f"attribute {literal} used as {attr.kind}")

    # -- ops --

    def _emit_op(
        self, ft: FunctionText, env: dict[object, Emitted], node: OpNode, target: bool = False
    ) -> None:
        operands = [self._value(ft, env, v, target) for v in node.operands]
        spec = node.spec
        if spec.typing == ops.CONSTANT:
            value = self._attribute(ft, env, node.attrs["value"], target)
            assert isinstance(value, Int)
            env[node.results[0]] = value
            return
        if spec.name == "arith.cmpi":
            pred = self._attribute(ft, env, node.attrs["predicate"], target)
            assert isinstance(pred, Pred)
            env[node.results[0]] = compare_with(ft, pred, operands[0], operands[1])
            return
        flags = Flags({})
        if spec.flags is not None:
            attr = node.attrs.get(spec.flags)
            flags = Flags(dict.fromkeys(ops.FLAG_ATTRIBUTES[spec.flags], False))
            if attr is not None:
                emitted = self._attribute(ft, env, attr, target)
                assert isinstance(emitted, Flags)
                flags = emitted
        types = [self.type_of(r.slot) for r in node.results]
        names = _with_flags(ft, spec, operands, types, flags, node.hint)
        for result, name, typ in zip(node.results, names, types, strict=True):
            env[result] = Int(name, typ)


def _target_ops(p: Pattern) -> set[OpNode]:
    """The matched ops the target computes again (the root when not replaced, and the
    matched values the rewrite uses, with what they are computed from). Their open flags
    must be symbolic: only flags that the source alone reads may be left off."""
    assert p.root is not None
    found: set[OpNode] = set()
    seen: set[ValueNode] = set()
    pending = [r for r in p.root.results if r not in p.unused]
    while pending:
        value = pending.pop()
        if value in seen or value.op is None:
            continue
        seen.add(value)
        op = value.op
        if op in p.replaced:
            pending += p.replaced[op]
        elif op not in found:
            found.add(op)
            pending += op.operands
            natives = [a.native for a in op.attrs.values() if a.native is not None]
            pending += [v for n in natives for v in n.args if isinstance(v, ValueNode)]
    return {op for op in found if op.matched}


def _static_flags(attr: AttrNode, literal: Attribute | None) -> dict[str, bool | str]:
    names = attr.flag_names
    if isinstance(literal, IntegerOverflowAttr):
        on = {str(f.value) for f in literal.data}
        return {f: f in on for f in names}
    if isinstance(literal, UnitAttr) and len(names) == 1:
        return {names[0]: True}
    raise Unsupported(f"flags attribute {literal}")


def _with_flags(
    ft: FunctionText,
    spec: OpSpec,
    operands: list[Int],
    types: list[str],
    flags: Flags,
    hint: str,
) -> list[str]:
    """The op with static flags, or one op per choice of the symbolic flags and selects."""
    symbolic = [f for f, v in flags.values.items() if isinstance(v, str)]
    if not symbolic:
        static = {f: bool(v) for f, v in flags.values.items()}
        return _plain_op(ft, spec, operands, types, static, hint)
    variants: dict[tuple[bool, ...], list[str]] = {}
    for choice in product((False, True), repeat=len(symbolic)):
        static = {f: bool(v) for f, v in flags.values.items() if not isinstance(v, str)}
        static |= dict(zip(symbolic, choice, strict=True))
        variants[choice] = _plain_op(ft, spec, operands, types, static, hint)
    return [
        _choose(ft, flags, symbolic, variants, (), position, types[position])
        for position in range(len(types))
    ]


def _choose(
    ft: FunctionText,
    flags: Flags,
    symbolic: list[str],
    variants: dict[tuple[bool, ...], list[str]],
    prefix: tuple[bool, ...],
    position: int,
    typ: str,
) -> str:
    if len(prefix) == len(symbolic):
        return variants[prefix][position]
    flag = flags.values[symbolic[len(prefix)]]
    assert isinstance(flag, str)
    on = _choose(ft, flags, symbolic, variants, (*prefix, True), position, typ)
    off = _choose(ft, flags, symbolic, variants, (*prefix, False), position, typ)
    return select(ft, Int(flag, "i1"), Int(on, typ), Int(off, typ)).name


def _plain_op(
    ft: FunctionText,
    spec: OpSpec,
    operands: list[Int],
    types: list[str],
    flags: dict[str, bool],
    hint: str,
) -> list[str]:
    props: list[str] = []
    if spec.flags is not None:
        prop = ops.flag_property(spec.flags, flags)
        if prop is not None:
            props.append(prop)
    return ft.op(spec.name, [(o.name, o.type) for o in operands], types, props, hint)


def _assume(ft: FunctionText, cond: Int) -> None:
    ft.lines.append(f'  "irproof.assume"({cond.name}) : (i1) -> ()')
