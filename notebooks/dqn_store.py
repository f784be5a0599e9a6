"""The store's Spark SQL tables as pandas DataFrames, for the notebooks beside this file.

Queries run through `dqn sql --format csv` (the same views as `dqn sql` and `dqn sql-server`:
transitions, episodes, training, evaluations, snapshots, cycles; every row carries its run). The command
is bin/dqn of this checkout unless DQN_COMMAND names another (a command line; the tests give one that runs
the dqn classes they were built with).
"""
import io
import os
import shlex
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

REPOSITORY = Path(__file__).resolve().parent.parent


def dqn_command():
    """The dqn command line as a list: DQN_COMMAND, or this checkout's bin/dqn."""
    command = os.environ.get("DQN_COMMAND")
    return shlex.split(command) if command else [str(REPOSITORY / "bin" / "dqn")]


def sql(store, query):
    """One Spark SQL query over every run of `store`, as a DataFrame (about 10-20 s: it starts Spark)."""
    done = subprocess.run(dqn_command() + ["sql", "--store", str(store), "--format", "csv", query],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"dqn sql failed with exit code {done.returncode}: {done.stderr.strip()}")
    return pd.read_csv(io.StringIO(done.stdout))


def tables(store, **queries):
    """Several named queries in one Spark session (one `dqn sql --query NAME=QUERY ... --save DIR`), as a
    dict of DataFrames by name: what a notebook shows, read at once."""
    with tempfile.TemporaryDirectory(prefix="dqn-notebook-") as saved:
        arguments = ["sql", "--store", str(store), "--format", "csv", "--save", saved]
        for name, query in queries.items():
            arguments += ["--query", f"{name}={query}"]
        done = subprocess.run(dqn_command() + arguments, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"dqn sql failed with exit code {done.returncode}: {done.stderr.strip()}")
        return {name: pd.read_csv(Path(saved) / f"{name}.csv") for name in queries}


def runs_filter(runs):
    """A SQL condition that keeps `runs` (a list of run names; empty keeps every run)."""
    if not runs:
        return "true"
    quoted = ", ".join("'" + run.replace("'", "''") + "'" for run in runs)
    return f"run IN ({quoted})"


def check_store(store):
    """Fails with what to do when `store` is not a directory (a Hadoop URL is left to dqn sql)."""
    if "://" not in str(store) and not Path(store).is_dir():
        raise FileNotFoundError(f"No store at {Path(store).resolve()}: set STORE in the first cell (or DQN_STORE)"
                                " to the --store of your dqn cycle run.")
