"""Verifier: refinement queries, counterexamples, replay, reports."""
