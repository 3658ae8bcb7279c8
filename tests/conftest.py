"""Shared fixtures. Tests run against the real handbook content, loaded once per
database by the idempotent loader (the same code `make run` uses)."""

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Tests change content behind the signals' back (bulk_create, rollbacks); the page
    # cache is tested on its own in tests/core/test_cache.py.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The hashed-manifest storage needs `collectstatic`; tests use plain storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_handbook", verbosity=0)


@pytest.fixture
def handbook(db):
    """Marks a test as needing the loaded handbook content (present in every test DB)."""
    return True


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher costs ~0.3 s a password on purpose; tests only need it to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db):
    """Every persona of tests/personas.py, each with its user and a signed-in client."""
    from tests.personas import build_personas

    return build_personas()
