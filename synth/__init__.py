"""Synthesis of peephole rewrites (enumerative + CEGIS). Not available yet: see issue 7."""
