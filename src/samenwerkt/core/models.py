from django.db import models


class ContentVersion(models.Model):
    """A counter bumped whenever handbook content changes.

    Cached public pages carry this number in their cache key, so an edit in the admin
    makes every app server stop serving the old page at once, whichever cache each
    server uses (its own memory or a shared Redis).
    """

    key = models.CharField(max_length=40, unique=True, default="handbook")
    version = models.PositiveBigIntegerField(default=1)

    def __str__(self):
        return f"{self.key} v{self.version}"
