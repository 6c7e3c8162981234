"""unspun.analyze_arrow: Arrow in, Arrow out, in the schema of the command
line's Parquet; bad rows become error rows, never an exception."""

import json
import subprocess

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import unspun
from conftest import ARTICLES, comparable, unspun_binary


def input_batch(article_rows):
    """The fixture articles as a batch, with the id as a string column."""
    rows = [dict(r, id=str(r["id"])) for r in article_rows]
    columns = ["id", "title", "text", "html", "url", "outlet", "published", "authors", "language"]
    return pa.record_batch({c: [r.get(c) for r in rows] for c in columns})


def check_rows(out, cli):
    assert out.schema.equals(unspun.output_schema(), check_metadata=True)
    rows = out.to_pylist()
    assert [r["id"] for r in rows] == ["nato", "kremlin", "page", "empty", "short", "7"]
    for row in rows:
        if row["id"] == "empty":
            assert row["record"] is None
            assert row["error"] == cli["error:4"]["error"]["message"]
            continue
        assert row["error"] is None
        assert comparable(json.loads(row["record"])) == comparable(cli[row["id"]]), row["id"]


def test_batch_in_batch_out_equals_the_command_line(article_rows, cli_fast):
    out = unspun.analyze_arrow(input_batch(article_rows), model="fast", threads=2)
    assert isinstance(out, pa.RecordBatch)
    check_rows(out, cli_fast)
    nato = out.to_pylist()[0]
    assert nato["published"].isoformat() == "2023-06-06"
    assert nato["source"] == "row:0"
    assert nato["techniques"] and nato["attributions"]
    text = nato["text"]
    for technique in nato["techniques"]:
        assert 0 <= technique["start"] < technique["end"] <= len(text)


def test_rows_equal_the_command_lines_parquet(article_rows, tmp_path):
    path = tmp_path / "cli.parquet"
    run = subprocess.run(
        [unspun_binary(), "analyze", str(ARTICLES), "--format", "parquet", "--model", "fast", "-o", str(path), "--quiet"],
        capture_output=True,
        text=True,
    )
    assert path.exists(), run.stderr
    cli = pq.read_table(path)
    ours = pa.Table.from_batches([unspun.analyze_arrow(input_batch(article_rows), model="fast")])
    assert ours.schema.equals(cli.schema, check_metadata=True)
    drop = ["source", "record"]
    ours, cli = ours.drop_columns(drop).to_pylist(), cli.drop_columns(drop).to_pylist()
    # An error row keeps the id its input row gave; the command line's has
    # none (its input failed before an id was read).
    assert ours[3]["id"] == "empty" and cli[3]["id"] is None
    ours[3]["id"] = None
    assert ours == cli


def test_tables_pandas_and_mapped_columns(article_rows, cli_fast):
    batch = input_batch(article_rows)
    table = pa.Table.from_batches([batch.slice(0, 2), batch.slice(2)])
    out = unspun.analyze_arrow(table, model="fast")
    assert isinstance(out, pa.Table) and out.num_rows == 6
    check_rows(pa.Table.from_batches(out.to_batches()).combine_chunks().to_batches()[0], cli_fast)
    frame = batch.to_pandas().rename(columns={"text": "body"})
    out = unspun.analyze_arrow(frame, model="fast", columns={"text": "body"})
    assert isinstance(out, pa.RecordBatch)
    check_rows(out, cli_fast)


def test_bad_rows_are_error_rows():
    batch = pa.record_batch(
        {
            "text": ["", None, "Title\n\nThe minister said it failed.", "\x00\x01binary"],
            "html": [None, "<p>The spokesman said the plan was dead and buried.</p>", None, None],
            "id": pa.array([1, 2, None, 4], pa.int64()),
            "published": ["not a date", None, "2023-06-06", None],
        }
    )
    out = unspun.analyze_arrow(batch, model="fast").to_pylist()
    assert [r["id"] for r in out] == ["1", "2", "row:2", "4"]
    assert "empty input" in out[0]["error"]
    assert out[1]["error"] is None and "spokesman" in out[1]["text"]
    assert out[2]["error"] is None
    assert out[3]["error"] is None or "binary" in out[3]["error"]


def test_batches_that_cannot_be_read_raise():
    with pytest.raises(ValueError, match="neither a `text` nor an `html` column"):
        unspun.analyze_arrow(pa.record_batch({"body": ["x"]}))
    with pytest.raises(ValueError, match="has type Float64"):
        unspun.analyze_arrow(pa.record_batch({"text": [1.5]}))
    with pytest.raises(TypeError, match="record batch"):
        unspun._unspun.analyze_arrow([1, 2, 3])
    empty = unspun.analyze_arrow(pa.record_batch({"text": pa.array([], pa.string())}), model="fast")
    assert empty.num_rows == 0 and empty.schema.equals(unspun.output_schema())


def test_string_types_and_binary_pages():
    page = '<html><head><meta charset="windows-1251"></head><body><article><p>{}</p></article></body></html>'
    body = "Министр заявил, что переговоры провалились. " * 10
    batch = pa.record_batch(
        {
            "html": pa.array([page.format(body).encode("cp1251")], pa.binary()),
            "title": pa.array(["Переговоры"], pa.large_string()),
        }
    )
    out = unspun.analyze_arrow(batch, model="fast").to_pylist()[0]
    assert out["error"] is None
    assert out["title"] == "Переговоры"
    assert "Министр заявил" in out["text"]
