"""Synthesis of peephole rewrites (`irproof synth`, DESIGN.md "Command line").

`search` finds the cheapest verified target of a function: bottom-up enumeration
(`enumerate`) pruned by fingerprints (`evaluate`, over the op table `ops`) and cost
(`cost`), constants by CEGIS (`cegis`), every result verified by irproof's verifier and
generalized across widths (`check`). `discover` enumerates small sources and keeps the
cost-reducing rewrites that no other implies (`match`), emitted as pairs and as PDL
(`pdl_emit`); `proposals` reports those MLIR's canonicalize misses. `report` prints.
"""
