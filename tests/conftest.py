"""Shared pytest fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The newsmill spaCy pipeline, loaded once per test session."""
    from pipeline.enrich import load_nlp

    return load_nlp()
