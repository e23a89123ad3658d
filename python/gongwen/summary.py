"""The :class:`Summary` of a run: counts and speed, added up from the batches' statistics (which
the core's emit stage computes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Summary:
    """Counts and speed of a run.

    Examples:
        >>> s = Summary(documents=3, succeeded=2, failed=1, indicators=7, chars=1000, bytes=3000, seconds=0.5)
        >>> s.mb_per_s
        0.006
        >>> print(s)
        3 documents (2 ok, 1 failed), 7 indicators, 0.00 MB in 0.50 s (0.01 MB/s)

    ``duplicates`` counts the documents that duplicate an earlier one of the run (flagged with
    ``duplicate_of``, or dropped); ``dropped`` those left out of the output with
    ``duplicates="drop"``: they count in ``documents`` (``documents == succeeded + failed +
    dropped``), so no document is lost without a trace.
    """

    documents: int = 0
    succeeded: int = 0
    failed: int = 0
    indicators: int = 0
    chars: int = 0
    bytes: int = 0  # input size of the documents processed (ok): file sizes, UTF-8 size of texts
    seconds: float = 0.0
    error_kinds: dict[str, int] = field(default_factory=dict)  # failed documents by error_kind
    duplicates: int = 0  # documents duplicating an earlier one of the run (flagged or dropped)
    dropped: int = 0  # duplicates left out of the output (duplicates="drop")

    @property
    def mb_per_s(self) -> float:
        """Input MB (10**6 bytes) of the documents processed per second of wall time. Failed
        documents do not count: a run where every document failed has 0 MB/s, not the speed of
        reading what could not be processed."""
        return self.bytes / 1e6 / self.seconds if self.seconds > 0 else 0.0

    def add(self, batch: Any) -> None:
        """Count a batch (a ``gongwen._core.Batch``)."""
        stats = batch.stats()
        for name in ("documents", "succeeded", "failed", "indicators", "chars", "bytes", "duplicates", "dropped"):
            setattr(self, name, getattr(self, name) + stats[name])
        for kind, n in stats["error_kinds"].items():
            self.error_kinds[kind] = self.error_kinds.get(kind, 0) + n

    def __str__(self) -> str:
        dropped = f", {self.dropped:,} duplicates dropped" if self.dropped else ""
        return (
            f"{self.documents:,} documents ({self.succeeded:,} ok, {self.failed:,} failed{dropped}), "
            f"{self.indicators:,} indicators, {self.bytes / 1e6:.2f} MB in {self.seconds:.2f} s "
            f"({self.mb_per_s:.2f} MB/s)"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "error_kinds": dict(self.error_kinds),
            "documents": self.documents,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "indicators": self.indicators,
            "chars": self.chars,
            "bytes": self.bytes,
            "duplicates": self.duplicates,
            "dropped": self.dropped,
            "seconds": self.seconds,
            "mb_per_s": self.mb_per_s,
        }
