"""Alive `.opt` text → transformations (AST): the first step of the Alive importer.

An `.opt` file is a list of transformations, each `Name: ...`, an optional one-line
`Pre: ...`, the source instructions, `=>`, the target instructions; `;` starts a comment.
This module only reads the text: every node keeps what was written, types and semantics
come later (`alive_types.py`, `alive_emit.py`). A transformation that cannot be read raises
`AliveError` with the reason, for that transformation alone.

Grammar (Alive's, as in its `parser.py`): instructions `%r = add nsw [type] a, b`,
`icmp PRED [type] a, b`, `select [i1] c, [type] a, [type] b`, `zext|sext|trunc [type] v
[to type]`, `[type] operand` (a copy); operands are constant expressions over `%regs`,
symbolic constants `C`, `C1`, ..., literals, `true`/`false`, with the C-like operators
`~ -` (unary), `* / /u % %u`, `+ -`, `<< >> u>>`, `&`, `^`, `|` (tightest first) and calls
`f(args)`. Preconditions combine predicate calls `f(args)` and comparisons
(`== != < <= > >=`, signed; `u<` etc. unsigned) with `!`, `&&`, `||`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    IntType,
    Lit,
    NamedType,
    Operation,
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
    Type,
    Unary,
)

BINOPS = (
    *("add", "sub", "mul", "udiv", "sdiv", "urem", "srem"),
    *("shl", "lshr", "ashr", "and", "or", "xor"),
)
CONVERSIONS = ("zext", "sext", "trunc", "ZExtOrTrunc")
ICMP_PREDICATES = ("eq", "ne", "ugt", "uge", "ult", "ule", "sgt", "sge", "slt", "sle")
FLAGS = ("nsw", "nuw", "exact")
FLAGS_OF = {
    **{op: ("nsw", "nuw") for op in ("add", "sub", "mul", "shl")},
    **{op: ("exact",) for op in ("udiv", "sdiv", "lshr", "ashr")},
}
"""The flags each binary op takes (LLVM's, as Alive's parser checks them); the others none."""
MEMORY_OPS = ("alloca", "load", "store", "getelementptr", "unreachable", "br", "ret", "phi")
POINTER_CASTS = ("ptrtoint", "inttoptr", "bitcast")
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=", "u<", "u<=", "u>", "u>=")
BINARY_LEVELS: tuple[tuple[str, ...], ...] = (
    ("|",),
    ("^",),
    ("&",),
    ("<<", ">>", "u>>"),
    ("+", "-"),
    ("*", "/", "/u", "%", "%u"),
)
"""Binary operators of the constant language, loosest first."""

# --- Splitting a file into transformations ----------------------------------------------------


@dataclass(frozen=True)
class RawTransformation:
    """One transformation's text, split but not parsed yet."""

    name: str
    line: int
    pre: str
    source: str
    target: str


def split_transformations(text: str) -> list[RawTransformation]:
    """The transformations of a file, in order; `Name:` starts each one (as in Alive)."""
    chunks: list[tuple[str, int, list[str]]] = []
    name, start, body = "", 1, list[str]()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(";", 1)[0].rstrip()
        if line.strip().startswith("Name:"):
            if name or any(b.strip() for b in body):
                chunks.append((name, start, body))
            name, start, body = line.strip()[len("Name:") :].strip(), number, []
        else:
            body.append(line)
    if name or any(b.strip() for b in body):
        chunks.append((name, start, body))
    return [_split_parts(n, line, body, index) for index, (n, line, body) in enumerate(chunks)]


def _split_parts(name: str, line: int, body: list[str], index: int) -> RawTransformation:
    name = name or f"opt{index + 1}"
    pre = ""
    lines = [b for b in body if b.strip()]
    if lines and lines[0].strip().startswith("Pre:"):
        pre = lines.pop(0).strip()[len("Pre:") :].strip()
    text = "\n".join(lines)
    if "=>" not in text:
        return RawTransformation(name, line, pre, text, "")
    source, target = text.split("=>", 1)
    return RawTransformation(name, line, pre, source, target)


def parse_transformation(raw: RawTransformation) -> Transformation:
    """Parse the parts of one transformation; `AliveError` says what is wrong or unsupported."""
    if not raw.target.strip():
        raise AliveError("no '=>' followed by target instructions")
    source = _parse_program(raw.source, "source")
    target = _parse_program(raw.target, "target")
    if not source:
        raise AliveError("empty source")
    pre = _Cursor(raw.pre, "precondition").precondition() if raw.pre else PredTrue()
    return Transformation(raw.name, pre, source, target)


def _parse_program(text: str, where: str) -> tuple[Instruction, ...]:
    """The instructions of one side; a register defined twice on it is an error (SSA: which
    definition would a use mean?)."""
    program = tuple(
        _Cursor(line, where).instruction() for line in text.splitlines() if line.strip()
    )
    defined: set[str] = set()
    for inst in program:
        if inst.dest in defined:
            raise AliveError(f"{inst.dest} is defined twice in the {where}")
        defined.add(inst.dest)
    return program


# --- The cursor: one line (or precondition) being read ---------------------------------------

_IDENT = re.compile(r"[A-Za-z0-9_.]+")
_REG = re.compile(r"%[A-Za-z0-9_.]+")
_SYM = re.compile(r"C\d*")
_NUMBER = re.compile(r"-\s*\d+|\d+")
_INT_TYPE = re.compile(r"i(\d+)(?![A-Za-z0-9_.])")
_NAMED_TYPE = re.compile(r"Ty\d*(?![A-Za-z0-9_.])")


class _Cursor:
    """A recursive-descent reader over one string."""

    def __init__(self, text: str, where: str) -> None:
        self.text = text
        self.pos = 0
        self.where = where

    # --- low level

    def error(self, message: str) -> AliveError:
        rest = self.text[self.pos :].strip() or "end of line"
        return AliveError(f"cannot parse {self.where} '{self.text.strip()}': {message} at '{rest}'")

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def at_end(self) -> bool:
        self.skip()
        return self.pos >= len(self.text)

    def peek(self, token: str) -> bool:
        self.skip()
        return self.text.startswith(token, self.pos)

    def accept(self, token: str) -> bool:
        if self.peek(token):
            self.pos += len(token)
            return True
        return False

    def expect(self, token: str) -> None:
        if not self.accept(token):
            raise self.error(f"expected '{token}'")

    def match(self, pattern: re.Pattern[str]) -> str | None:
        self.skip()
        found = pattern.match(self.text, self.pos)
        if found is None:
            return None
        self.pos = found.end()
        return found.group(0)

    def word(self) -> str | None:
        """The identifier at the cursor, without consuming it."""
        self.skip()
        found = _IDENT.match(self.text, self.pos)
        return found.group(0) if found else None

    def take_word(self, word: str) -> bool:
        if self.word() == word:
            self.pos += len(word)
            return True
        return False

    def end(self) -> None:
        if not self.at_end():
            raise self.error("unexpected text")

    # --- types

    def opt_type(self) -> Type:
        """An optional type; pointer and array types are memory, which arith lacks."""
        self.skip()
        if self.peek("["):
            raise AliveError("array types (memory) are not supported")
        found = self.match(_INT_TYPE)
        typ: Type = None
        if found is not None:
            typ = IntType(int(found[1:]))
        elif (named := self.match(_NAMED_TYPE)) is not None:
            typ = NamedType(named)
        if typ is not None and self.peek("*"):
            raise AliveError("pointer types (memory) are not supported")
        if typ is not None and isinstance(typ, IntType) and typ.width == 0:
            raise self.error("i0 is not a type")
        return typ

    # --- instructions

    def instruction(self) -> Instruction:
        opcode = self.word()
        if opcode in MEMORY_OPS:
            raise AliveError(f"'{opcode}' (memory/control flow) is not supported by arith")
        dest = self.match(_REG)
        if dest is None:
            raise self.error("expected '%register ='")
        self.expect("=")
        op = self.operation()
        self.end()
        return Instruction(dest, op)

    def operation(self) -> Operation:
        opcode = self.word()
        if opcode in MEMORY_OPS:
            raise AliveError(f"'{opcode}' (memory) is not supported by arith")
        if opcode in POINTER_CASTS:
            raise AliveError(f"'{opcode}' (pointers) is not supported by arith")
        if opcode == "icmp":
            return self.icmp()
        if opcode == "select":
            return self.select()
        if opcode in CONVERSIONS:
            return self.conversion(opcode)
        if opcode in BINOPS:
            return self.binop(opcode)
        typ = self.opt_type()
        return Copy(typ, self.operand())

    def binop(self, opcode: str) -> BinOp:
        self.take_word(opcode)
        flags: list[str] = []
        while (flag := self.word()) in FLAGS:
            if flag not in FLAGS_OF.get(opcode, ()):
                raise self.error(f"{opcode} takes no '{flag}' flag")
            self.take_word(flag)
            flags.append(flag)
        typ = self.opt_type()
        lhs = self.operand()
        self.expect(",")
        return BinOp(opcode, tuple(flags), typ, lhs, self.operand())

    def icmp(self) -> Icmp:
        self.take_word("icmp")
        predicate = self.word()
        if predicate in ICMP_PREDICATES:
            self.take_word(predicate)
        elif predicate is not None and not _starts_operand_or_type(predicate):
            raise AliveError(f"icmp with a predicate variable '{predicate}' is not supported")
        else:
            raise self.error("icmp needs a predicate")
        typ = self.opt_type()
        lhs = self.operand()
        self.expect(",")
        return Icmp(predicate, typ, lhs, self.operand())

    def select(self) -> Select:
        self.take_word("select")
        cond_type = self.opt_type()
        if cond_type not in (None, IntType(1)):
            raise self.error("the condition of select is an i1")
        cond = self.operand()
        self.expect(",")
        then_type = self.opt_type()
        then = self.operand()
        self.expect(",")
        other_type = self.opt_type()
        other = self.operand()
        if then_type and other_type and then_type != other_type:
            raise self.error("select arms of different types")
        return Select(cond, then_type or other_type, then, other)

    def conversion(self, opcode: str) -> Conversion:
        self.take_word(opcode)
        source_type = self.opt_type()
        value = self.operand()
        typ: Type = None
        if self.take_word("to"):
            typ = self.opt_type()
            if typ is None:
                raise self.error("expected a type after 'to'")
        return Conversion(opcode, source_type, value, typ)

    # --- constant expressions

    def operand(self) -> Expr:
        if self.take_word("undef"):
            raise AliveError("undef has no counterpart in arith")
        if self.take_word("null"):
            raise AliveError("null (pointers) is not supported by arith")
        return self.expr()

    def expr(self, level: int = 0) -> Expr:
        if level == len(BINARY_LEVELS):
            return self.unary()
        lhs = self.expr(level + 1)
        while (op := self.binary_operator(BINARY_LEVELS[level])) is not None:
            lhs = Binary(op, lhs, self.expr(level + 1))
        return lhs

    def binary_operator(self, ops: tuple[str, ...]) -> str | None:
        """The operator of `ops` at the cursor (consumed), longest spelling first."""
        self.skip()
        for op in sorted(ops, key=len, reverse=True):
            if not self.text.startswith(op, self.pos):
                continue
            after = self.text[self.pos + len(op) : self.pos + len(op) + 1]
            if op in ("<<", ">>") and after in ("=", ">", "<"):
                continue
            if op in ("/u", "%u") and _IDENT.match(after):
                continue
            if op in ("%",) and _IDENT.match(after):
                continue  # `%x` is a register, not a remainder
            if op in ("&", "|") and after == op:
                continue  # `&&`, `||` belong to the precondition
            self.pos += len(op)
            return op
        return None

    def unary(self) -> Expr:
        self.skip()
        if self.peek("~"):
            self.pos += 1
            return Unary("~", self.unary())
        if self.peek("-") and not _NUMBER.match(self.text, self.pos):
            self.pos += 1
            return Unary("-", self.unary())
        return self.atom()

    def atom(self) -> Expr:
        self.skip()
        if self.accept("("):
            inner = self.expr()
            self.expect(")")
            return inner
        if (number := self.match(_NUMBER)) is not None:
            return Lit(int(number.replace(" ", "").replace("\t", "")))
        if (reg := self.match(_REG)) is not None:
            return Reg(reg)
        name = self.word()
        if name is None:
            raise self.error("expected an operand")
        self.pos += len(name)
        if self.peek("("):
            return Call(name, self.arguments())
        if name in ("true", "false"):
            return Lit(int(name == "true"), IntType(1))
        if name == "undef":
            raise AliveError("undef has no counterpart in arith")
        if _SYM.fullmatch(name):
            return Sym(name)
        raise self.error(f"unknown operand '{name}'")

    def arguments(self) -> tuple[Expr, ...]:
        self.expect("(")
        if self.accept(")"):
            return ()
        args = [self.operand()]
        while self.accept(","):
            args.append(self.operand())
        self.expect(")")
        return tuple(args)

    # --- preconditions

    def precondition(self) -> Pred:
        pred = self.pred_or()
        self.end()
        return pred

    def pred_or(self) -> Pred:
        args = [self.pred_and()]
        while self.accept("||"):
            args.append(self.pred_and())
        return args[0] if len(args) == 1 else PredOr(tuple(args))

    def pred_and(self) -> Pred:
        args = [self.pred_not()]
        while self.accept("&&"):
            args.append(self.pred_not())
        return args[0] if len(args) == 1 else PredAnd(tuple(args))

    def pred_not(self) -> Pred:
        if self.peek("!") and not self.peek("!="):
            self.pos += 1
            return PredNot(self.pred_not())
        return self.pred_primary()

    def pred_primary(self) -> Pred:
        """`( pre )`, `true`, `f(args)` standing alone, or a comparison (tried in that order,
        as Alive's grammar does: `(C1 & C2) == C1` is a comparison, `(A) && B` is not)."""
        start = self.pos
        for attempt in (self.pred_parenthesized, self.pred_true, self.pred_call):
            try:
                found = attempt()
            except AliveError:
                found = None
            if found is not None and self.pred_ends_here():
                return found
            self.pos = start
        return self.pred_comparison()

    def pred_ends_here(self) -> bool:
        return self.at_end() or any(self.peek(t) for t in ("&&", "||", ")"))

    def pred_parenthesized(self) -> Pred | None:
        if not self.accept("("):
            return None
        inner = self.pred_or()
        self.expect(")")
        return inner

    def pred_true(self) -> Pred | None:
        return PredTrue() if self.take_word("true") else None

    def pred_call(self) -> Pred | None:
        name = self.word()
        if name is None or _SYM.fullmatch(name):
            return None
        self.pos += len(name)
        if not self.peek("("):
            return None
        return PredCall(name, self.arguments())

    def pred_comparison(self) -> Pred:
        lhs = self.operand()
        comparisons: list[Pred] = []
        while (op := self.comparison_operator()) is not None:
            rhs = self.operand()
            comparisons.append(PredCompare(op, lhs, rhs))
            lhs = rhs
        if not comparisons:
            raise self.error("expected a comparison")
        return comparisons[0] if len(comparisons) == 1 else PredAnd(tuple(comparisons))

    def comparison_operator(self) -> str | None:
        self.skip()
        for op in sorted(COMPARISONS, key=len, reverse=True):
            if self.text.startswith(op, self.pos):
                self.pos += len(op)
                return op
        return None


def _starts_operand_or_type(word: str) -> bool:
    return bool(
        _INT_TYPE.fullmatch(word)
        or _NAMED_TYPE.fullmatch(word)
        or _SYM.fullmatch(word)
        or word[0].isdigit()
        or word in ("true", "false", "undef", "null")
    )
