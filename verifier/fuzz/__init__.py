"""`irproof fuzz`: Hypothesis-driven fuzzing of irproof's semantics and of real pass pipelines.

Programs come from the public strategy library (`irproof.strategies.programs`); each mode is a
*check* that draws a program (and inputs) and either passes or raises `FindingFound`:

- `self_check`: concrete interpreter vs SMT semantics (Z3) vs upstream MLIR's JIT (`jit`);
- `pass_fuzz`: random programs through a real pipeline, every pass validated;
- `metamorphic`: a program refines itself; known-correct corpus rewrites (`corpus_rewrites`)
  applied inside random programs verify.

`search` runs a check under Hypothesis (seeded, budgeted, shrinking every failure to a small
reproducer and searching on for other bugs), `findings` deduplicates them and writes one
reproducer file per distinct bug, `report` prints them (human text, JSON schema 1), and
`irproof.verifier.solvers` cross-checks the refinement queries on other solvers.
"""
