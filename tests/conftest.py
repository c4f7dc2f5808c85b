"""Shared fixtures: the real domain, loaded once."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def rasa_domain():
    """The project's domain as Rasa sees it (domain.yml plus generated FAQ responses)."""
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    return importer.get_domain()


@pytest.fixture(scope="session")
def domain_dict(rasa_domain):
    """The domain as the action server receives it."""
    return rasa_domain.as_dict()
