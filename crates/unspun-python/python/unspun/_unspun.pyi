"""Type stubs of the native module ``unspun._unspun`` (use the functions of
``unspun`` itself: they wrap these)."""

from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

__version__: str
SCHEMA_VERSION: str
EXAMPLE_ARTICLE: str

class UnspunError(ValueError):
    """An article that unspun could not read or analyse (the message is the
    command line's)."""

class ArrowBatch:
    """A record batch made by unspun; ``pyarrow.record_batch(batch)`` reads
    it without copying (Arrow PyCapsule interface)."""

    @property
    def num_rows(self) -> int: ...
    def __len__(self) -> int: ...
    def __arrow_c_array__(self, requested_schema: Optional[object] = None) -> Tuple[object, object]: ...
    def __arrow_c_schema__(self) -> object: ...

def analyze_items(
    items: Sequence[Any],
    *,
    model: str = "accurate",
    stages: Optional[List[str]] = None,
    threads: Optional[int] = None,
    tokens: bool = False,
    first_index: int = 0,
) -> List[Tuple[bool, str]]:
    """``(True, record_json)`` or ``(False, error_record_json)`` per item, in
    order; items are ``str`` or ``dict`` articles."""

def analyze_arrow(
    batch: Any,
    *,
    model: str = "accurate",
    stages: Optional[List[str]] = None,
    threads: Optional[int] = None,
    tokens: bool = False,
    columns: Optional[Mapping[str, str]] = None,
) -> ArrowBatch:
    """One output row per input row of an object with ``__arrow_c_array__``."""

def output_schema() -> ArrowBatch:
    """An empty batch in the output schema."""

def stages() -> List[Dict[str, Any]]:
    """Every stage, in the order they run."""

def load_models(model: str = "accurate") -> None:
    """Loads a tier's models now."""

def title_of(text: str) -> Optional[str]:
    """The headline of a plain text, as a ``.txt`` file is read."""

def bundled_models() -> List[Tuple[str, int]]:
    """The model files the extension carries: (name, bytes)."""
