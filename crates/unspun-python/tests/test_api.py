"""unspun.analyze and unspun.analyze_many: the command line's records, its
error messages, input order, threads, offsets in code points."""

import datetime
import json
import threading

import pytest

import unspun
from conftest import comparable


def test_package_metadata():
    assert unspun.__version__
    assert unspun.SCHEMA_VERSION == "2.0"
    names = [s["name"] for s in unspun.stages()]
    assert names[0] == "segment" and "techniques" in names and "decisions" in names
    assert all(s["description"] for s in unspun.stages())


def test_the_models_are_inside_the_package():
    bundled = dict(unspun._unspun.bundled_models())
    assert bundled["encoder-minilm-l6-trunk.safetensors"] > 10_000_000
    assert "techniques-accurate.safetensors" in bundled


def test_example_article_read_as_a_text_file(cli_accurate):
    record = unspun.analyze(unspun.EXAMPLE_ARTICLE)
    assert record["document"]["title"].startswith("Macron’s ‘non’")
    assert record["document"]["id"] == "article"
    assert record["document"]["source"] == "python"
    kinds = {a["kind"] for a in record["attributions"]}
    assert "media" in kinds and len(kinds) >= 3, kinds
    assert record["techniques"], "the example has loaded language"
    assert any(d["outcome"] == "blocked" for d in record["decisions"]), record["decisions"]


def test_records_equal_the_command_line(article_rows, cli_fast, cli_accurate):
    for model, cli in (("fast", cli_fast), ("accurate", cli_accurate)):
        for row in article_rows:
            key = str(row["id"])
            if key == "empty":
                with pytest.raises(unspun.UnspunError):
                    unspun.analyze(row.get("text"), model=model)
                continue
            fields = {k: v for k, v in row.items() if k != "text"}
            fields["id"] = row["id"]
            record = unspun.analyze(row.get("text"), model=model, **fields)
            assert comparable(record) == comparable(cli[key]), (model, key)


def spans_with_text(value):
    """Every object of a record with `start`, `end` and `text`."""
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("text"), str):
            yield value
        for item in value.values():
            yield from spans_with_text(item)
    elif isinstance(value, list):
        for item in value:
            yield from spans_with_text(item)


def test_offsets_are_code_points():
    text = (
        "“Кремль” — 東京\n\nThe minister said the plan was “a reckless gamble” — "
        "experts warn 東京 will pay. Москва заявила, что «угрозы нет»."
    )
    record = unspun.analyze(text, model="fast")
    doc_text = record["document"]["text"]
    assert doc_text == text
    spans = list(spans_with_text({k: v for k, v in record.items() if k != "document"}))
    assert len(spans) >= 3
    for span in spans:
        assert doc_text[span["start"]:span["end"]] == span["text"], span
    quote = doc_text.index("a reckless gamble")
    assert any(a["content"]["start"] <= quote < a["content"]["end"] for a in record["attributions"])


def test_metadata_fields_and_types():
    record = unspun.analyze(
        "The spokesperson said the talks had failed.",
        title="Talks fail",
        id=42,
        outlet="Wire",
        url="https://x.example/a",
        published=datetime.date(2023, 6, 6),
        authors=["Ann Lee", " "],
        model="fast",
        stages="sourcing",
    )
    document = record["document"]
    assert (document["id"], document["title"], document["published"]) == ("42", "Talks fail", "2023-06-06")
    assert document["authors"] == ["Ann Lee"]
    assert "techniques" not in {s["stage"] for s in record["stages"]}
    assert not record.get("techniques")
    with pytest.raises(TypeError):
        unspun.analyze("text", title=5)
    with pytest.raises(TypeError):
        unspun.analyze(b"bytes are pages, not text")
    with pytest.raises(ValueError, match="unknown model"):
        unspun.analyze("text", model="huge")
    with pytest.raises(ValueError, match="unknown stage"):
        unspun.analyze("text", stages=["nonsense"])
    with pytest.raises(ValueError):
        unspun.analyze()


def test_bad_input_raises_the_command_lines_messages():
    with pytest.raises(unspun.UnspunError, match="empty input"):
        unspun.analyze("  \n ")
    with pytest.raises(unspun.UnspunError, match="binary data"):
        unspun.analyze(html=b"\x00\x01\x02\x03" * 100)
    # Truncated and malformed markup is read, never a crash.
    record = unspun.analyze(html="<html><body><p>The minister said the deal was dead.</p><div><table><tr>", model="fast")
    assert "minister" in record["document"]["text"]
    # A page in Windows-1251 given as bytes is decoded by its charset.
    page = '<html><head><meta charset="windows-1251"></head><body><article><p>{}</p></article></body></html>'
    body = "Министр заявил, что переговоры провалились. " * 10
    record = unspun.analyze(html=page.format(body).encode("cp1251"), model="fast")
    assert "Министр заявил" in record["document"]["text"]


def test_analyze_many_streams_in_order_with_error_records(article_rows, cli_fast):
    items = list(article_rows) + ["Title\n\nA plain text article.", 5]
    records = list(unspun.analyze_many(iter(items), model="fast", threads=2, chunk_size=3))
    assert len(records) == len(items)
    for row, record in zip(article_rows, records):
        if row["id"] == "empty":
            assert record["error"]["source"] == "item:3"
            assert record["error"]["message"] == cli_fast["error:4"]["error"]["message"]
        else:
            assert comparable(record) == comparable(cli_fast[str(row["id"])])
            assert record["document"]["source"] == f"item:{article_rows.index(row)}"
    assert records[6]["document"]["title"] == "Title"
    assert records[7]["error"]["source"] == "item:7"
    assert "not int" in records[7]["error"]["message"]
    with pytest.raises(unspun.UnspunError, match="item:3"):
        list(unspun.analyze_many(article_rows, model="fast", errors="raise"))


def test_analyze_many_is_lazy_and_bounded():
    pulled = []

    def source():
        for i in range(50):
            pulled.append(i)
            yield f"Article {i}\n\nThe minister said plan {i} had failed."

    stream = unspun.analyze_many(source(), model="fast", chunk_size=4, threads=1)
    first = next(stream)
    assert first["document"]["title"] == "Article 0"
    assert len(pulled) == 4, "one chunk read, not the whole iterable"
    assert len(list(stream)) == 49


def test_threads_share_the_models():
    texts = [f"Headline {i}\n\nThe spokesperson said talks {i} had failed." for i in range(8)]
    expected = [json.dumps(r, sort_keys=True) for r in unspun.analyze_many(texts, model="fast")]
    results = {}

    def work(n):
        results[n] = [json.dumps(r, sort_keys=True) for r in unspun.analyze_many(texts, model="fast", threads=1)]

    workers = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert all(results[n] == expected for n in range(4))


def test_load_models():
    unspun.load_models("fast")
    with pytest.raises(ValueError):
        unspun.load_models("nonsense")
