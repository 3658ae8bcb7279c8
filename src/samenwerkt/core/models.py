from django.db import models


class PublicContent(models.Model):
    """Mixin for every model whose rows public pages show.

    Public pages are cached whole (core/cache.py) under a key that carries the
    content version; any write to a PublicContent model (save, delete, a
    many-to-many change) bumps the version, so no server serves a page older than
    the edit. A later app's public content (a school's profile, a published example)
    inherits this too, wherever it lives.
    """

    class Meta:
        abstract = True


class ContentVersion(models.Model):
    """A counter bumped whenever public content changes.

    Cached public pages carry this number in their cache key, so an edit in the admin
    makes every app server stop serving the old page at once, whichever cache each
    server uses (its own memory or a shared Redis).
    """

    key = models.CharField(max_length=40, unique=True, default="handbook")
    version = models.PositiveBigIntegerField(default=1)

    def __str__(self):
        return f"{self.key} v{self.version}"
