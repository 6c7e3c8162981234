"""Shared fixtures: the example articles (JSON Lines) and the command line's
records for them, which every way in from Python must reproduce."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
ARTICLES = HERE / "fixtures" / "articles.jsonl"


def unspun_binary() -> str:
    """The `unspun` command line to compare with: $UNSPUN_BIN, else the
    workspace's build, else one on PATH."""
    candidates = [os.environ.get("UNSPUN_BIN")]
    candidates += [str(REPO / "target" / p / "unspun") for p in ("release", "debug")]
    candidates.append(shutil.which("unspun"))
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail("no `unspun` binary: build it (cargo build) or set UNSPUN_BIN")


def comparable(record: dict) -> dict:
    """A record without `document.source`, which names where the input was
    read (a file line for the command line, a row or item for Python)."""
    record = json.loads(json.dumps(record))
    if "document" in record:
        record["document"].pop("source", None)
    return record


@pytest.fixture(scope="session")
def articles_path() -> Path:
    return ARTICLES


@pytest.fixture(scope="session")
def article_rows() -> list:
    return [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]


def _cli_records(model: str) -> dict:
    run = subprocess.run(
        [unspun_binary(), "analyze", str(ARTICLES), "--format", "jsonl", "--model", model, "--quiet"],
        capture_output=True,
        text=True,
    )
    records = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    assert len(records) == 6, run.stderr
    by_id = {}
    for line_no, record in enumerate(records, start=1):
        key = record["document"]["id"] if "document" in record else f"error:{line_no}"
        by_id[key] = record
    return by_id


@pytest.fixture(scope="session")
def cli_fast() -> dict:
    """The command line's fast-tier records, by document id (error records
    by `error:LINE`)."""
    return _cli_records("fast")


@pytest.fixture(scope="session")
def cli_accurate() -> dict:
    return _cli_records("accurate")
