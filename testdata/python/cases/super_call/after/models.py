"""Tiny file-backed model layer."""
import asyncio
from _awaitify_runtime import run_sync
import json


class Model:
    """Persists its fields to a JSON file."""

    def __init__(self, path, **fields):
        self.path = path
        self.fields = fields

    async def async_save(self):
        """Write all fields to disk."""
        with await asyncio.to_thread(open, self.path, "w", encoding="utf-8") as fh:
            await asyncio.to_thread(json.dump, self.fields, fh)

    def save(self):
        """Sync shim kept by awaitify: runs `async_save` to completion."""
        return run_sync(Model.async_save(self))

    def validate(self):
        """Look-alike: pure check, overridden below too."""
        return bool(self.fields)


class AuditedModel(Model):
    """A model that stamps a revision number before saving."""

    async def async_save(self):
        """Bump the revision, then delegate to Model.save."""
        self.fields["revision"] = self.fields.get("revision", 0) + 1
        # Persist through the parent implementation.
        await super().async_save()

    def save(self):
        """Sync shim kept by awaitify: runs `async_save` to completion."""
        return run_sync(AuditedModel.async_save(self))

    def validate(self):
        """Look-alike super() call into a pure method."""
        return super().validate() and "revision" in self.fields
