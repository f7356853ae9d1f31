"""`python -m benchmarks` (`make bench`): build the data, run every case, print one table, exit 1 on a missed target.

    BENCH_SCALE=0.1 python -m benchmarks              # a tenth of the size, for a quick look
    python -m benchmarks --only due --only help       # some cases only
    python -m benchmarks --postgres postgresql://user:pw@127.0.0.1/postgres
"""

import sys

from benchmarks.runner import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
