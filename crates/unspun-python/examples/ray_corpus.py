"""Analyse a corpus with Ray Data: read Parquet (or JSON Lines) articles,
analyse every block with unspun through ``map_batches``, write Parquet in
the schema of ``unspun analyze --format parquet``.

    python ray_corpus.py articles.parquet out/ --model fast --cpus 2

On a cluster, ``ray.init(address="auto", runtime_env={"py_modules": [...]})``
or an image with the wheel installed; see docs/PYTHON.md.
"""

import argparse

import ray

import unspun


def analyze_batch(batch, model: str):
    """One block of articles → unspun's rows. Ray reuses its worker
    processes, so the models load once per worker, on its first block."""
    return unspun.analyze_arrow(batch, model=model, threads=1)


def analyze_dataset(articles, model: str = "accurate", batch_size: int = 64):
    """A Dataset of articles → a Dataset of unspun's rows (a task per block,
    one CPU each: Ray runs as many at once as there are CPUs)."""
    return articles.map_batches(
        analyze_batch,
        fn_kwargs={"model": model},
        batch_format="pyarrow",
        batch_size=batch_size,
        num_cpus=1,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="a Parquet or JSON Lines file or folder")
    parser.add_argument("output", help="the Parquet folder to write")
    parser.add_argument("--model", default="accurate", choices=["accurate", "fast"])
    parser.add_argument("--cpus", type=int, default=2)
    args = parser.parse_args(argv)
    ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
    if args.input.rstrip("/").endswith(".parquet"):
        articles = ray.data.read_parquet(args.input)
    else:
        articles = ray.data.read_json(args.input, lines=True)
    # A file read as one block would be analysed by one task: spread it.
    articles = articles.repartition(4 * args.cpus)
    analyze_dataset(articles, args.model).write_parquet(args.output)
    ray.shutdown()


if __name__ == "__main__":
    main()
