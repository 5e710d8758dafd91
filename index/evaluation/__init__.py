"""Evaluation tooling (eval, baselines, bench). Nothing at run time imports it."""
