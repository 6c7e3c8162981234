"""Analyse a corpus with Dask: read Parquet (or JSON Lines) articles,
analyse every partition with unspun through ``map_partitions``, write
Parquet in the schema of ``unspun analyze --format parquet``.

    python dask_corpus.py articles.parquet out/ --model fast
"""

import argparse

import dask
import dask.dataframe as dd
import pyarrow as pa

import unspun


def analyze_partition(frame, model: str):
    """One pandas partition of articles → unspun's rows, as pandas (Arrow
    types kept: nested columns stay lists of structs)."""
    out = unspun.analyze_arrow(frame, model=model)
    return pa.Table.from_batches([out]).to_pandas(types_mapper=pd_arrow_dtype)


def pd_arrow_dtype(arrow_type):
    import pandas as pd

    return pd.ArrowDtype(arrow_type)


def analyze_dataframe(articles, model: str = "accurate"):
    """A Dask DataFrame of articles → a Dask DataFrame of unspun's rows."""
    meta = unspun.output_schema().empty_table().to_pandas(types_mapper=pd_arrow_dtype)
    return articles.map_partitions(analyze_partition, model, meta=meta)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="a Parquet or JSON Lines file or folder")
    parser.add_argument("output", help="the Parquet folder to write")
    parser.add_argument("--model", default="accurate", choices=["accurate", "fast"])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if args.input.rstrip("/").endswith(".parquet"):
        articles = dd.read_parquet(args.input)
    else:
        articles = dd.read_json(args.input, lines=True, blocksize=2**24)
    records = analyze_dataframe(articles, args.model)
    # Threads suffice: unspun releases the GIL while it works.
    with dask.config.set(scheduler="threads", num_workers=args.workers):
        records.to_parquet(args.output, schema=unspun.output_schema(), write_index=False)


if __name__ == "__main__":
    main()
