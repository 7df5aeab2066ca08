"""Output stage: records out (JSONL parts, stdout, run manifests)."""

from pipeline.output.jsonl import PartWriter, safe_name, write_manifest, write_stdout

__all__ = ["PartWriter", "safe_name", "write_manifest", "write_stdout"]
