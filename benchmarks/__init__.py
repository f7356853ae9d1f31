"""Benchmarks with targets, run on demand (`make bench`), never in `make test`.

Each case builds its own data from seeded generators (articles.py, ledgers.py,
corpus.py; cached between runs), times the real library path beside a baseline
measured in the same run, and reports one row of a single table (harness.py).
`runner.py` picks the cases; `python -m benchmarks --help` lists the options.
"""
