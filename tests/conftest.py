"""Shared fixtures. Tests run against the real handbook content, loaded once per
database by the idempotent loader (the same code `make run` uses)."""

import pytest
from django.core.management import call_command

from samenwerkt.core import content_memo

# pytest-xdist (`make test`, --dist loadgroup): tests that share an expensive fixture run
# on one worker, so it is made once: the browser tests' server and Chromium, the backup
# tests' migrated SQLite file, the fault tests' cluster, the serving tests' server. By
# path, because the xdist_group marker has no effect with pytest 9.2 (xdist 3.8 renames
# the node id, which pytest 9.2 ignores).
XDIST_GROUPS = {
    "tests/browser/": "browser",
    "tests/core/test_backup.py": "backup",
    # One throwaway PostgreSQL cluster and prepared database for the module.
    "tests/faults/test_hung_database.py": "hung-database",
    "tests/serving/": "serving",
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class PathGroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            for prefix, group in XDIST_GROUPS.items():
                if nodeid.startswith(prefix):
                    return group
            return super()._split_scope(nodeid)

    return PathGroupScheduling(config, log)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Tests change content behind the signals' back (bulk_create, rollbacks); the page
    # cache is tested on its own in tests/core/test_cache.py.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Django's default hasher is slow on purpose (a million rounds): right for real
    # passwords, minutes of CPU across the suite. The hashers themselves are Django's
    # and are not what these tests test; the app servers of the browser, serving and
    # fault tests run with the real setting.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # django-allauth counts sign-ups, sign-ins and emails per address and IP in the
    # cache; each test starts with none counted (tests of the limits count their own).
    from django.core.cache import caches

    caches["default"].clear()
    yield


@pytest.fixture(autouse=True)
def _database_seen_healthy():
    # A test that makes the database look gone (tests/core/test_cache.py) leaves the
    # process pausing for DB_RETRY_SECONDS: every request in that window gets the 503.
    # Each test starts with the process seeing a healthy database.
    from samenwerkt.core import db_unavailable

    db_unavailable._unreachable_until = 0.0
    db_unavailable._prober = None
    yield
    db_unavailable._unreachable_until = 0.0
    db_unavailable._prober = None


@pytest.fixture(autouse=True)
def _fresh_content_memo():
    # Each test has its own database rows; what a process memoised per content version
    # (core/content_memo.py) belongs to the test before.
    content_memo.clear()
    yield
    content_memo.clear()


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


@pytest.fixture
def much_data(db):
    """The one large data set for tests about size (bounded queries, pagination):
    200 extra examples over the 8 forms (regions, all reasons, varied levels,
    institutions, 50 figures on one) and 200 extra institutions, MBO and HBO, listed
    in region Noord-West. Returns a ``MuchData`` (tests/handbook/factories.py) to
    compute expectations from."""
    from tests.handbook.factories import build_much_data

    return build_much_data()
