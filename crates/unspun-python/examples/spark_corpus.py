"""Analyse a corpus with PySpark: read JSON Lines or Parquet articles,
analyse every partition with unspun through ``mapInArrow``, write Parquet in
the schema of ``unspun analyze --format parquet``.

    python spark_corpus.py articles.jsonl out/ --model fast --master 'local[2]'

Each input row is an article (columns ``text`` or ``html``, and optionally
``id``, ``title``, ``url``, ``outlet``, ``published``, ``authors``,
``language``, ``source``). Rows that cannot be analysed get ``error`` set.
"""

import argparse
import os
import sys

from pyspark.sql import SparkSession
from pyspark.sql.pandas.types import from_arrow_schema

import unspun


def analyze_batches(model: str, threads: int = 1):
    """The function ``mapInArrow`` runs on each partition: Arrow batches in,
    unspun's batches out. One thread per task: Spark runs a task per core."""

    def run(batches):
        import unspun  # imported on the executor

        for batch in batches:
            yield unspun.analyze_arrow(batch, model=model, threads=threads)

    return run


def analyze_dataframe(articles, model: str = "accurate"):
    """A DataFrame of articles → a DataFrame of unspun's rows."""
    schema = from_arrow_schema(unspun.output_schema())
    return articles.mapInArrow(analyze_batches(model), schema)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="a JSON Lines or Parquet file or folder")
    parser.add_argument("output", help="the Parquet folder to write")
    parser.add_argument("--model", default="accurate", choices=["accurate", "fast"])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=0, help="repartition the input (0: as read)")
    args = parser.parse_args(argv)
    # Local workers run this interpreter (the one with unspun installed); on
    # a cluster, point PYSPARK_PYTHON at the environment that has the wheel.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(args.master)
        .appName("unspun")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    if args.input.rstrip("/").endswith(".parquet"):
        articles = spark.read.parquet(args.input)
    else:
        articles = spark.read.json(args.input)
    if args.partitions:
        articles = articles.repartition(args.partitions)
    analyze_dataframe(articles, args.model).write.mode("overwrite").parquet(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
