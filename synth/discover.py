"""`irproof synth --discover`: the cost-reducing rewrites of an op set, from scratch.

Every expression of up to `--max-ops` ops over `--args` arguments of one width variable
(and `--i1-args` arguments of type `i1`; `i1` is also the type of comparisons), with the constants 0, 1 and -1, is enumerated once
(`irproof.synth.enumerate`), fingerprinted at several widths at once (8, 5 and 1 bits by
default, so that a class holds only expressions that agree at every one of them). A
rewrite candidate is an expression together with a cheaper one whose fingerprint refines
its own: either both have the same fingerprint (the enumerator merges them), or they agree
on the rows without poison inputs (looked up by that projection: `x * 0` and `0`), or the
source has UB or poison there and a cheap target (at most one op) fits.

Candidates are then deduplicated and verified, smallest sources first:

- a candidate whose source contains an instance of the source of a rewrite already kept
  (`irproof.synth.match.covers`: up to renaming, commutativity and swapped comparisons) is
  implied by it and dropped; enumeration from canonical subexpressions only already
  removes most of those;
- each remaining candidate is verified by irproof's verifier as a width-generic pair at
  every width of `--widths` (default 1-64), in `--jobs` worker processes; only rewrites
  proved at every width are kept.

Each kept rewrite is reported as a src/tgt pair and a `pdl.pattern` (`pdl_emit`).
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from irproof.synth import cost as costs
from irproof.synth.check import make_generic, verify_texts
from irproof.synth.enumerate import Entry, Enumerator, Stats
from irproof.synth.evaluate import Rows, Vector, evaluate, make_rows, refines
from irproof.synth.match import match, subterms
from irproof.synth.ops import OPS, UB
from irproof.synth.pdl_emit import NotExpressible, pdl_pattern
from irproof.synth.program import Expr, Signature, arg, const, function_text
from irproof.verifier.verify import CORRECT, VerifyOptions

GENERIC_TYPE = "i32"
"""The width variable of discovered rewrites (any width of --widths)."""
FINGERPRINT_WIDTHS = ((8, 40), (5, 24), (1, 8))
"""(width, rows) the width variable takes in the fingerprints."""
DISCOVER_OPS = (
    "arith.addi",
    "arith.subi",
    "arith.muli",
    "arith.andi",
    "arith.ori",
    "arith.xori",
    "arith.shli",
    "arith.shrui",
    "arith.shrsi",
    "arith.cmpi",
    "arith.select",
)
"""The default op set of discovery (casts need a second width variable: not supported)."""
CHEAP_TARGET_LEVEL = 1


@dataclass(frozen=True)
class DiscoverOptions:
    ops: tuple[str, ...] = DISCOVER_OPS
    max_ops: int = 2
    args: int = 2
    """Arguments of the width variable's type."""
    i1_args: int = 0
    """Arguments of type `i1` (conditions of `select`, operands of i1 logic)."""
    cost: str = "ops"
    widths: tuple[int, ...] = tuple(range(1, 65))
    timeout_s: float = 10.0
    """Per verification query."""
    budget_s: float | None = None
    """Overall time limit (enumeration and verification stop when it runs out)."""
    jobs: int = 1
    index_widths: tuple[int, ...] = (64,)


@dataclass
class Rewrite:
    """One discovered rewrite (source and target over `GENERIC_TYPE`)."""

    name: str
    source: Expr
    target: Expr
    source_cost: costs.Cost
    cost: costs.Cost
    signature: Signature
    widths: list[int] = field(default_factory=list)
    verdict: str = ""
    reason: str = ""
    degenerate: bool = False
    """The source is poison (or UB) for every input: any target refines it (MLIR folds
    such ops to `ub.poison`); not proposed upstream."""

    @property
    def source_text(self) -> str:
        return function_text(f"{self.name}_src", self.signature, self.source)

    @property
    def target_text(self) -> str:
        return function_text(f"{self.name}_tgt", self.signature, self.target)

    @property
    def pair_text(self) -> str:
        """The width-generic pair, as `irproof verify` reads it."""
        generic = make_generic(self.source_text, [int(GENERIC_TYPE[1:])], [])
        return f"{generic}\n{self.target_text}\n"

    def pdl(self) -> str | None:
        try:
            return pdl_pattern(self.name, self.source, self.target, generic=True)
        except NotExpressible:
            return None

    def show(self) -> str:
        names = self.signature.arg_names
        return f"{self.source.show(names)} -> {self.target.show(names)}"


@dataclass
class Discovery:
    rewrites: list[Rewrite]
    candidates: int
    """Candidate rewrites found by fingerprints."""
    implied: int
    """Candidates dropped as implied by a kept rewrite."""
    refuted: int
    """Candidates the verifier rejected (at some width)."""
    unknown: int
    stats: Stats
    enumerate_s: float
    verify_s: float
    truncated: bool


def arg_types(options: DiscoverOptions) -> tuple[str, ...]:
    return (GENERIC_TYPE,) * options.args + ("i1",) * options.i1_args


def arg_names(options: DiscoverOptions) -> tuple[str, ...]:
    values = [n for n in "xyzwuv"[: options.args]] + [f"a{i}" for i in range(6, options.args)]
    return (*values, *("cdbe"[i] if i < 4 else f"b{i}" for i in range(options.i1_args)))


def _rows(options: DiscoverOptions) -> Rows:
    types = arg_types(options)
    rows = Rows(types)
    declared = int(GENERIC_TYPE[1:])
    for seed, (width, count) in enumerate(FINGERPRINT_WIDTHS):
        part = make_rows(types, [{declared: width}], count=count, seed=seed)
        for inputs, variables in zip(part.inputs, part.variables, strict=True):
            rows.add(inputs, variables)
    return rows


def _leaves(options: DiscoverOptions) -> list[Expr]:
    leaves = [arg(i, t) for i, t in enumerate(arg_types(options))]
    leaves += [const(v, GENERIC_TYPE) for v in (0, 1, -1)]
    leaves += [const(0, "i1"), const(1, "i1")]
    return leaves


def _plain_rows(rows: Rows) -> list[int]:
    return [r for r, inputs in enumerate(rows.inputs) if None not in inputs]


def find_candidates(
    options: DiscoverOptions, deadline: float | None
) -> tuple[list[tuple[Expr, Expr]], Stats, Rows]:
    """(source, cheaper target) pairs whose fingerprints say the target refines the source."""
    for name in options.ops:
        if OPS[name].shape in ("ext", "trunc"):
            raise ValueError(f"--discover does not support {name} (one width variable only)")
    rows = _rows(options)
    duplicates: list[tuple[Entry, Entry]] = []

    def duplicate(new: Entry, kept: Entry) -> None:
        if new.level > 0 and _folded(new.expr):
            duplicates.append((new, kept))

    types = [GENERIC_TYPE, "i1"]
    enumerator = Enumerator(
        options.ops,
        types,
        _leaves(options),
        rows,
        options.cost,
        on_duplicate=duplicate,
        trivial=True,
        deadline=deadline,
    )
    for _ in enumerator.run(options.max_ops):
        pass
    plain = _plain_rows(rows)
    by_projection: dict[tuple[str, Vector], Entry] = {}
    cheap: dict[str, list[Entry]] = {t: [] for t in types}
    kept = sorted(enumerator.seen.values(), key=lambda e: (e.cost, e.level))
    for entry in kept:
        key = (entry.expr.type, tuple(entry.vector[r] for r in plain))
        by_projection.setdefault(key, entry)
        if entry.level <= CHEAP_TARGET_LEVEL:
            cheap[entry.expr.type].append(entry)
    found: dict[Expr, Entry] = {}

    def offer(source: Entry, target: Entry | None) -> None:
        if target is None or target.cost >= source.cost:
            return
        known = found.get(source.expr)
        if known is None or target.cost < known.cost:
            found[source.expr] = target

    for new, same in duplicates:
        offer(new, same)
        offer(new, _cheaper_target(new, plain, by_projection, cheap))
    for entry in kept:
        if entry.level > 0 and _folded(entry.expr):
            offer(entry, _cheaper_target(entry, plain, by_projection, cheap))
    return [(s, t.expr) for s, t in found.items()], enumerator.stats, rows


def _uses_arguments(expr: Expr) -> bool:
    stack = [expr]
    while stack:
        node = stack.pop()
        if node.op == "arg":
            return True
        stack.extend(node.args)
    return False


def _folded(expr: Expr) -> bool:
    """Whether every op of a source reads an argument: an op over constants only is
    constant folding (MLIR's folders), not a rewrite to discover."""
    return all(_uses_arguments(node) for node in expr.nodes())


def _generality(source: Expr) -> tuple[int, int]:
    """Fewer constants and more distinct arguments first: among sources of one size, the
    general ones are kept first, so that their instances are dropped as implied."""
    leaves: set[Expr] = set()
    constants = 0
    stack = [source]
    while stack:
        node = stack.pop()
        if node.op == "const":
            constants += 1
        elif node.op == "arg":
            leaves.add(node)
        stack.extend(node.args)
    return constants, -len(leaves)


def _cheaper_target(
    entry: Entry,
    plain: list[int],
    by_projection: dict[tuple[str, Vector], Entry],
    cheap: dict[str, list[Entry]],
) -> Entry | None:
    projection = tuple(entry.vector[r] for r in plain)
    if all(v is not None and v != UB for v in projection):
        other = by_projection.get((entry.expr.type, projection))
        if other is not None and other.expr != entry.expr and other.cost < entry.cost:
            return other if refines(other.vector, entry.vector) else None
        return None
    for other in cheap[entry.expr.type]:
        if other.cost >= entry.cost:
            break
        if other.expr != entry.expr and refines(other.vector, entry.vector):
            return other
    return None


def _name(source: Expr, names: Sequence[str]) -> str:
    """A name read off the source: `andi(x, ori(x, y))` is `andi_x_ori_x_y`, -1 is `m1`."""
    text = source.show(names).replace("-", "m").replace("?", "")
    return re.sub(r"\W+", "_", text).strip("_")


def _verify_one(task: tuple[str, str, str, VerifyOptions]) -> tuple[str, str, list[int]]:
    name, source, target, options = task
    checked = verify_texts(name, source, target, options)
    return checked.verdict, checked.result.reason, list(checked.result.widths)


def discover(
    options: DiscoverOptions, on_rewrite: Callable[[Rewrite], None] | None = None
) -> Discovery:
    """Enumerate, deduplicate and verify (see the module docstring)."""
    start = time.monotonic()
    deadline = start + options.budget_s if options.budget_s else None
    pairs, stats, rows = find_candidates(options, deadline)
    plain = _plain_rows(rows)
    enumerate_s = time.monotonic() - start
    signature = Signature(arg_names(options), arg_types(options), GENERIC_TYPE)
    candidates = sorted(
        pairs,
        key=lambda p: (
            len(p[0].nodes()),
            _generality(p[0]),
            costs.cost(p[0], options.cost),
            p[0].show(),
        ),
    )
    kept = _Index()
    pending = _Index()
    counts = {"implied": 0, "refuted": 0, "unknown": 0}
    verify_options = VerifyOptions(
        timeout_s=options.timeout_s,
        index_widths=options.index_widths,
        poison_inputs=True,
        widths=options.widths,
        first_failure=True,
    )
    truncated = stats.truncated
    pool = ProcessPoolExecutor(max_workers=options.jobs) if options.jobs > 1 else None
    chunk = CHUNK_PER_JOB * options.jobs

    def flush() -> None:
        """Verify the pending rewrites; the verified ones join `kept`."""
        batch = pending.rewrites
        tasks = [
            (
                r.name,
                make_generic(r.source_text, [int(GENERIC_TYPE[1:])], []),
                r.target_text,
                verify_options,
            )
            for r in batch
        ]
        outcomes: Iterator[tuple[str, str, list[int]]] = (
            pool.map(_verify_one, tasks) if pool is not None else map(_verify_one, tasks)
        )
        for rewrite, (verdict, reason, widths) in zip(batch, outcomes, strict=True):
            rewrite.verdict, rewrite.reason, rewrite.widths = verdict, reason, widths
            if verdict == CORRECT:
                kept.add(rewrite)
                if on_rewrite is not None:
                    on_rewrite(rewrite)
            else:
                counts["refuted" if verdict == "incorrect" else "unknown"] += 1
        pending.clear()

    stream = deque(candidates)
    deferred: list[tuple[Expr, Expr]] = []
    try:
        while stream or pending.rewrites:
            if deadline is not None and time.monotonic() > deadline:
                truncated = True
                break
            if not stream or len(pending.rewrites) >= chunk:
                flush()
                stream.extendleft(reversed(deferred))  # re-checked against what was kept
                deferred = []
                continue
            source, target = stream.popleft()
            if kept.covers(source):
                counts["implied"] += 1
                continue
            if pending.covers(source):  # implied only if that one is proved: wait for it
                deferred.append((source, target))
                continue
            sig = Signature(signature.arg_names, signature.arg_types, source.type)
            rewrite = Rewrite(
                _name(source, sig.arg_names),
                source,
                target,
                costs.cost(source, options.cost),
                costs.cost(target, options.cost),
                sig,
            )
            vector = evaluate(source, rows)
            rewrite.degenerate = all(vector[r] is None or vector[r] == UB for r in plain)
            pending.add(rewrite)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return Discovery(
        kept.rewrites,
        len(candidates),
        counts["implied"],
        counts["refuted"],
        counts["unknown"],
        stats,
        enumerate_s,
        time.monotonic() - start - enumerate_s,
        truncated,
    )


CHUNK_PER_JOB = 16
"""Rewrites verified at once per worker process (between deadline checks)."""


class _Index:
    """Rewrites by the root op of their source, for `covers` checks on every subterm."""

    def __init__(self) -> None:
        self.rewrites: list[Rewrite] = []
        self._by_root: dict[str, list[Rewrite]] = {}

    def add(self, rewrite: Rewrite) -> None:
        self.rewrites.append(rewrite)
        self._by_root.setdefault(rewrite.source.op, []).append(rewrite)

    def clear(self) -> None:
        self.rewrites.clear()
        self._by_root.clear()

    def covers(self, term: Expr) -> bool:
        for sub in subterms(term):
            for rewrite in self._by_root.get(sub.op, ()):
                if match(rewrite.source, sub) is not None:
                    return True
        return False


def pairs_module(rewrites: Sequence[Rewrite]) -> str:
    """Every rewrite as a width-generic pair, one module (`irproof verify` reads it)."""
    parts = []
    for r in rewrites:
        parts.append(
            f"// {r.show()}   [{costs.show(r.source_cost, 'ops')} -> {costs.show(r.cost, 'ops')}]"
        )
        parts.append(r.pair_text)
    return "\n".join(parts)
