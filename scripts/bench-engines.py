#!/usr/bin/env python3
"""Benchmarks unspun on the engines it runs on, with the same articles:
the command line, Python `analyze_many`, Spark `mapInArrow` (local[2]), Ray
Data `map_batches` and Dask `map_partitions`. Records wall time, articles a
second, the overhead over the command line, and the peak memory of the
driver and of each Python worker. Results go to docs/PERFORMANCE.md.

    python scripts/bench-engines.py ../shared/data/news-corpus/bbc --unspun target/release/unspun \\
        --models fast,accurate --scales 1,10 --accurate-limit 200

Run it with the Python of an environment that has the wheel and the
engines (scripts/test-python.sh makes one). Each engine runs in its own
process, one after another.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENGINES = ["cli", "python", "spark", "ray", "dask"]


def corpus_rows(root: Path, limit: int):
    rows = []
    for path in sorted(root.rglob("*.txt")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        rows.append({"id": f"{path.parent.name}/{path.stem}", "text": text})
        if limit and len(rows) >= limit:
            break
    return rows


def write_inputs(rows, scale: int, folder: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    replicated = [dict(r, id=f"{r['id']}#{k}") for k in range(scale) for r in rows]
    jsonl = folder / f"articles-{scale}.jsonl"
    with jsonl.open("w", encoding="utf-8") as f:
        for row in replicated:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    parquet = folder / f"articles-{scale}.parquet"
    pq.write_table(pa.Table.from_pylist(replicated), parquet)
    return jsonl, parquet, len(replicated)


def note_worker_memory(folder: str):
    """Called in a worker after each batch: its peak RSS, by process id."""
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(os.path.join(folder, f"{os.getpid()}.rss"), "w") as f:
        f.write(str(peak_kb))


def run_engine(engine: str, jsonl: str, parquet: str, out: str, model: str, unspun_bin: str, memdir: str):
    """One engine over one input, in this process; returns rows written."""
    if engine == "cli":
        subprocess.run(
            [unspun_bin, "analyze", jsonl, "--format", "parquet", "-o", out + ".parquet", "--model", model, "--quiet"],
            check=False,
        )
        return None
    if engine == "python":
        import pyarrow as pa
        import pyarrow.parquet as pq
        import unspun

        def articles():
            with open(jsonl, encoding="utf-8") as f:
                for line in f:
                    yield json.loads(line)

        n = 0
        for record in unspun.analyze_many(articles(), model=model):
            n += 1
        return n
    if engine == "spark":
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession
        from pyspark.sql.pandas.types import from_arrow_schema
        import unspun

        spark = (
            SparkSession.builder.master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "2g")
            .getOrCreate()
        )
        schema = from_arrow_schema(unspun.output_schema())

        def analyze(batches, model=model, memdir=memdir):
            import unspun

            for batch in batches:
                yield unspun.analyze_arrow(batch, model=model, threads=1)
                note_worker_memory(memdir)

        articles = spark.read.json(jsonl).repartition(8)
        articles.mapInArrow(analyze, schema).write.mode("overwrite").parquet(out)
        spark.stop()
        return None
    if engine == "ray":
        import ray
        import unspun

        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)

        def analyze(batch, model=model, memdir=memdir):
            import unspun

            out = unspun.analyze_arrow(batch, model=model, threads=1)
            note_worker_memory(memdir)
            return out

        ds = ray.data.read_parquet(parquet).repartition(8)
        ds.map_batches(analyze, batch_format="pyarrow", batch_size=64, num_cpus=1).write_parquet(out)
        ray.shutdown()
        return None
    if engine == "dask":
        import dask
        import dask.dataframe as dd
        import pandas as pd
        import pyarrow as pa
        import unspun

        def analyze(frame):
            out = unspun.analyze_arrow(frame, model=model)
            return pa.Table.from_batches([out]).to_pandas(types_mapper=pd.ArrowDtype)

        meta = unspun.output_schema().empty_table().to_pandas(types_mapper=pd.ArrowDtype)
        articles = dd.read_parquet(parquet, split_row_groups=True).repartition(npartitions=8)
        records = articles.map_partitions(analyze, meta=meta)
        with dask.config.set(scheduler="threads", num_workers=2):
            records.to_parquet(out, schema=unspun.output_schema(), write_index=False)
        return None
    raise ValueError(engine)


def measure(engine, jsonl, parquet, model, unspun_bin, work: Path):
    """Runs one engine in a fresh process; wall time and peak memory."""
    memdir = tempfile.mkdtemp(dir=work)
    out = str(work / f"out-{engine}-{model}-{time.time_ns()}")
    start = time.perf_counter()
    child = subprocess.run(
        [sys.executable, __file__, "--one", engine, jsonl, parquet, out, model, unspun_bin, memdir],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if child.returncode != 0:
        raise RuntimeError(f"{engine} failed: {child.stderr[-2000:]}")
    result = json.loads(child.stdout.strip().splitlines()[-1])
    workers = [int(p.read_text()) for p in Path(memdir).glob("*.rss")]
    result.update(wall=wall, worker_peak_mb=round(max(workers) / 1024) if workers else None, workers=len(workers))
    return result


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--prepare":
        corpus, limit, scale, work = sys.argv[2:6]
        jsonl, parquet, n = write_inputs(corpus_rows(Path(corpus), int(limit)), int(scale), Path(work))
        print(json.dumps([str(jsonl), str(parquet), n]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        engine, jsonl, parquet, out, model, unspun_bin, memdir = sys.argv[2:9]
        start = time.perf_counter()
        run_engine(engine, jsonl, parquet, out, model, unspun_bin, memdir)
        elapsed = time.perf_counter() - start
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(json.dumps({"inner": elapsed, "driver_peak_mb": round(own / 1024), "child_peak_mb": round(children / 1024)}))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--unspun", default="target/release/unspun")
    parser.add_argument("--models", default="fast,accurate")
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--accurate-limit", type=int, default=200, help="articles for the accurate tier (0: all)")
    parser.add_argument("--engines", default=",".join(ENGINES))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="unspun-bench-"))
    results = []
    for model in args.models.split(","):
        limit = args.accurate_limit if model == "accurate" else 0
        scales = [1] if model == "accurate" else [int(s) for s in args.scales.split(",")]
        for scale in scales:
            # Written by a child process: a process started from this one
            # would inherit its resident size as its peak (Linux counts the
            # pages a fork copies), so this one stays small.
            prepared = subprocess.run(
                [sys.executable, __file__, "--prepare", str(args.corpus), str(limit), str(scale), str(work)],
                capture_output=True,
                text=True,
                check=True,
            )
            jsonl, parquet, n = json.loads(prepared.stdout)
            base = None
            for engine in args.engines.split(","):
                r = measure(engine, str(jsonl), str(parquet), model, os.path.abspath(args.unspun), work)
                r.update(engine=engine, model=model, scale=scale, articles=n, per_second=n / r["wall"])
                if engine == "cli":
                    base = r["wall"]
                r["overhead_pct"] = round(100 * (r["wall"] / base - 1)) if base else None
                results.append(r)
                print(json.dumps(r), flush=True)
    print("\nDriver: the process that runs the engine (for Dask, also its worker threads; for the CLI, the `unspun` process). Worker: each Python worker process of Spark or Ray.")
    print("\n| tier | scale | articles | engine | wall s | articles/s | over CLI | driver peak MB | worker peak MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        peak = r["child_peak_mb"] if r["engine"] == "cli" else r["driver_peak_mb"]
        print(
            f"| {r['model']} | {r['scale']}× | {r['articles']} | {r['engine']} | {r['wall']:.1f} | "
            f"{r['per_second']:.1f} | {r['overhead_pct']:+d}% | {peak} | {r['worker_peak_mb'] or '—'} |"
        )


if __name__ == "__main__":
    main()
