"""The recipes for Spark, Ray and Dask (examples/*_corpus.py), run as a user
runs them, on this machine: their rows must equal the command line's.

Each engine's test is skipped when the engine is not installed, unless
UNSPUN_REQUIRE_ENGINES=1 (as in .ci/run), where a missing engine fails."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from conftest import ARTICLES, comparable

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def need(module: str):
    if importlib.util.find_spec(module) is None:
        if os.environ.get("UNSPUN_REQUIRE_ENGINES") == "1":
            pytest.fail(f"{module} is not installed (UNSPUN_REQUIRE_ENGINES=1)")
        pytest.skip(f"{module} is not installed")


@pytest.fixture(scope="module")
def articles_parquet(tmp_path_factory, article_rows) -> Path:
    """The fixture articles as Parquet, ids as strings."""
    rows = [dict(r, id=str(r["id"])) for r in article_rows]
    columns = ["id", "title", "text", "html", "url", "outlet", "published", "authors", "language"]
    table = pa.table({c: pa.array([r.get(c) for r in rows], pa.string()) for c in columns})
    path = tmp_path_factory.mktemp("input") / "articles.parquet"
    pq.write_table(table, path)
    return path


def run_recipe(script: str, source: Path, output: Path, *extra: str):
    run = subprocess.run(
        [sys.executable, str(EXAMPLES / script), str(source), str(output), "--model", "fast", *extra],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return ds.dataset(output, format="parquet").to_table().to_pylist()


def check_rows(rows, cli):
    assert len(rows) == 6
    by_id = {}
    for row in rows:
        if row["error"] is not None:
            assert row["record"] is None
            assert row["error"] == cli["error:4"]["error"]["message"]
            by_id["error"] = row
        else:
            by_id[row["id"]] = row
            assert comparable(json.loads(row["record"])) == comparable(cli[row["id"]]), row["id"]
    assert set(by_id) == {"nato", "kremlin", "page", "short", "7", "error"}
    nato = by_id["nato"]
    assert nato["techniques"] and nato["attributions"]
    assert nato["published"].isoformat() == "2023-06-06"
    assert nato["word_count"] > 100


def test_spark_map_in_arrow(tmp_path, cli_fast):
    need("pyspark")
    rows = run_recipe("spark_corpus.py", ARTICLES, tmp_path / "spark", "--master", "local[2]", "--partitions", "2")
    check_rows(rows, cli_fast)


def test_ray_map_batches(tmp_path, articles_parquet, cli_fast):
    need("ray")
    rows = run_recipe("ray_corpus.py", articles_parquet, tmp_path / "ray", "--cpus", "2")
    check_rows(rows, cli_fast)


def test_dask_map_partitions(tmp_path, articles_parquet, cli_fast):
    need("dask")
    rows = run_recipe("dask_corpus.py", articles_parquet, tmp_path / "dask")
    check_rows(rows, cli_fast)
