"""unspun: what lies behind the words of a news article.

Who is quoted and what kind of source they are, which sentences are the
outlet's own opinion, which spans use persuasion techniques, which actors
appear, how they are portrayed and where they stand, and what the stances
imply for a body that decides.

>>> import unspun
>>> record = unspun.analyze(unspun.EXAMPLE_ARTICLE, model="fast")
>>> record["document"]["title"]
'Macron’s ‘non’ leaves NATO’s Tokyo office in limbo as Beijing cheers'

Every function gives the record of the command line's ``unspun analyze
--format json`` (the layout is in docs/SCHEMA.md); offsets are in Unicode
code points of ``record["document"]["text"]``, end exclusive. The models are
inside the package and load once per process, on first use; the work runs in
Rust on every core with the GIL released.

- :func:`analyze`: one article, a ``dict``; raises :class:`UnspunError`.
- :func:`analyze_many`: an iterable of articles, records streamed in order;
  an article that fails gives an error record (or raises, if asked).
- :func:`analyze_arrow`: an Arrow batch (or table, or pandas DataFrame) in,
  an Arrow batch out, one row per article in the schema of the command
  line's Parquet: for Spark ``mapInArrow``, Ray Data ``map_batches`` and
  Dask ``map_partitions``.
"""

from __future__ import annotations

import json
import os
from itertools import islice
from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Union

from . import _unspun
from ._unspun import EXAMPLE_ARTICLE, SCHEMA_VERSION, UnspunError, __version__

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow

__all__ = [
    "Article",
    "EXAMPLE_ARTICLE",
    "SCHEMA_VERSION",
    "UnspunError",
    "__version__",
    "analyze",
    "analyze_arrow",
    "analyze_many",
    "load_models",
    "output_schema",
    "stages",
]

#: An article: its text, or a mapping of the fields of a JSON Lines article
#: (``id``, ``title``, ``text`` or ``html``, ``url``, ``outlet``,
#: ``published``, ``authors``, ``language``) and optionally ``source``, a
#: name for where it comes from. ``html`` may be ``bytes`` (the page as
#: fetched, in any common encoding); ``published`` may be a ``datetime.date``.
Article = Union[str, Mapping[str, Any]]

Stages = Union[None, str, Sequence[str]]


def _stage_list(stages: Stages) -> Optional[List[str]]:
    if stages is None:
        return None
    if isinstance(stages, str):
        stages = stages.split(",")
    names = [s.strip() for s in stages if s.strip()]
    if not names:
        raise ValueError("stages: name at least one stage (see unspun.stages())")
    return names


def analyze(
    text: Optional[str] = None,
    *,
    html: Union[None, str, bytes] = None,
    title: Optional[str] = None,
    id: Union[None, str, int] = None,
    url: Optional[str] = None,
    outlet: Optional[str] = None,
    published: Any = None,
    authors: Union[None, str, Sequence[str]] = None,
    language: Optional[str] = None,
    source: Optional[str] = None,
    stages: Stages = None,
    model: str = "accurate",
    tokens: bool = False,
) -> Dict[str, Any]:
    """Analyses one article and returns its record (a ``dict``).

    Give the article's ``text`` (read as a ``.txt`` file is: its first line
    is the headline when a blank line follows it, unless ``title`` is
    given; offsets are into the whole text), or its ``html``
    page (``str``, or ``bytes`` as fetched), from which the article and its
    metadata are extracted. ``model`` is ``"accurate"`` (the default: the
    shared encoder) or ``"fast"`` (linear models only, about a hundred times
    faster); ``stages`` runs only the named stages (a list or a
    comma-separated string; see :func:`stages`) and those they need;
    ``tokens=True`` lists every token in the record.

    Raises :class:`UnspunError` (a ``ValueError``) with the command line's
    message when the article cannot be read or analysed, ``ValueError`` for
    an unknown model or stage, ``TypeError`` for arguments of the wrong type.
    """
    if text is None and html is None:
        raise ValueError("empty input: give the article's text or its html")
    _check("text", text, (str,))
    _check("html", html, (str, bytes))
    for name, value in (("title", title), ("url", url), ("outlet", outlet)):
        _check(name, value, (str,))
    _check("language", language, (str,))
    _check("source", source, (str,))
    _check("id", id, (str, int))
    if isinstance(id, bool):
        raise TypeError("id must be a str or an int, not bool")
    if published is not None and not isinstance(published, str) and not hasattr(published, "isoformat"):
        raise TypeError(f"published must be a str or a datetime.date, not {type(published).__name__}")
    if authors is not None and not isinstance(authors, str):
        if not all(isinstance(a, str) for a in authors):
            raise TypeError("authors must be a str or a sequence of str")
        authors = list(authors)
    if title is None and text is not None and html is None:
        title = _unspun.title_of(text)
    fields = {
        "id": "article" if id is None else id,
        "title": title,
        "text": text,
        "html": html,
        "url": url,
        "outlet": outlet,
        "published": published,
        "authors": authors,
        "language": language,
        "source": "python" if source is None else source,
    }
    [(ok, payload)] = _unspun.analyze_items(
        [{k: v for k, v in fields.items() if v is not None}],
        model=model,
        stages=_stage_list(stages),
        threads=1,
        tokens=tokens,
    )
    record = json.loads(payload)
    if not ok:
        raise UnspunError(record["error"]["message"])
    return record


def _check(name: str, value: Any, types: tuple) -> None:
    if value is not None and not isinstance(value, types):
        wanted = " or ".join(t.__name__ for t in types)
        raise TypeError(f"{name} must be {wanted}, not {type(value).__name__}")


def analyze_many(
    articles: Iterable[Article],
    *,
    stages: Stages = None,
    model: str = "accurate",
    threads: Optional[int] = None,
    tokens: bool = False,
    chunk_size: Optional[int] = None,
    errors: str = "record",
) -> Iterator[Dict[str, Any]]:
    """Analyses articles and yields their records in input order.

    ``articles`` is any iterable (a list, a generator, records read from a
    file) of ``str`` (the text, read as a ``.txt`` file is) or mappings of
    article fields (read as a JSON Lines record is; see :data:`Article`); it is read ``chunk_size`` articles at a time (default:
    eight per thread), and each chunk is analysed on ``threads`` threads
    (default: every core) with the GIL released, so memory stays bounded
    on a corpus of any size.

    An article that cannot be read or analysed gives the command line's
    error record, ``{"schema_version": ..., "error": {"source": "item:N",
    "message": ...}}``, where N counts from 0 (or the article's own
    ``source``); with ``errors="raise"`` it raises :class:`UnspunError`
    instead.
    """
    if errors not in ("record", "raise"):
        raise ValueError('errors must be "record" or "raise"')
    if threads is not None and threads < 1:
        raise ValueError("threads must be at least 1")
    if chunk_size is None:
        chunk_size = 8 * (threads or os.cpu_count() or 1)
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    stage_list = _stage_list(stages)
    items = iter(articles)
    index = 0
    while True:
        chunk = list(islice(items, chunk_size))
        if not chunk:
            return
        results = _unspun.analyze_items(
            chunk,
            model=model,
            stages=stage_list,
            threads=threads,
            tokens=tokens,
            first_index=index,
        )
        index += len(chunk)
        for ok, payload in results:
            record = json.loads(payload)
            if not ok and errors == "raise":
                error = record["error"]
                raise UnspunError(f"{error['source']}: {error['message']}")
            yield record


def analyze_arrow(
    data: Any,
    *,
    stages: Stages = None,
    model: str = "accurate",
    threads: Optional[int] = None,
    tokens: bool = False,
    columns: Optional[Mapping[str, str]] = None,
) -> Any:
    """Analyses the rows of an Arrow batch: Arrow in, Arrow out.

    ``data`` is a ``pyarrow.RecordBatch``, a ``pyarrow.Table``, a pandas
    ``DataFrame``, or any object with ``__arrow_c_array__``. Each row is an
    article, read from the columns named like its fields (``text`` or
    ``html``, and optionally ``id``, ``title``, ``url``, ``outlet``,
    ``published``, ``authors``, ``language``, ``source``); ``columns`` maps
    fields to other column names, e.g. ``{"text": "body"}``. Other columns
    are ignored.

    Returns a ``pyarrow.RecordBatch`` (a ``pyarrow.Table`` for a table) with
    one row per input row, in order, in the schema of ``unspun analyze
    --format parquet`` (docs/SCHEMA.md, :func:`output_schema`): rows that
    could not be analysed have ``error`` set and the reason in it, so one
    bad article never fails a worker. A batch whose columns cannot be read
    at all (no ``text`` or ``html`` column, a column of the wrong type)
    raises ``ValueError``.
    """
    import pyarrow as pa

    options = dict(
        model=model,
        stages=_stage_list(stages),
        threads=threads,
        tokens=tokens,
        columns=dict(columns) if columns is not None else None,
    )
    if isinstance(data, pa.Table):
        batches = [
            pa.record_batch(_unspun.analyze_arrow(batch, **options))
            for batch in data.to_batches()
        ]
        return pa.Table.from_batches(batches, schema=output_schema())
    if not hasattr(data, "__arrow_c_array__") and hasattr(data, "to_numpy"):
        data = pa.RecordBatch.from_pandas(data, preserve_index=False)
    return pa.record_batch(_unspun.analyze_arrow(data, **options))


def output_schema() -> "pyarrow.Schema":
    """The Arrow schema of :func:`analyze_arrow`'s output and of the command
    line's Parquet files (for Spark: ``from_arrow_schema(output_schema())``)."""
    import pyarrow as pa

    return pa.record_batch(_unspun.output_schema()).schema


def stages() -> List[Dict[str, Any]]:
    """Every stage unspun has, in the order they run: ``name``,
    ``description``, ``requires`` (the stages it needs) and ``languages``
    (``None``: any language)."""
    return _unspun.stages()


def load_models(model: str = "accurate") -> None:
    """Loads the models of ``model`` now (otherwise they load when the first
    article is analysed), so that a worker fails early and its first article
    is not slow. Raises :class:`UnspunError` when a model cannot be read."""
    _unspun.load_models(model)
