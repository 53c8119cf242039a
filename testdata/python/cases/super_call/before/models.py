"""Tiny file-backed model layer."""
import json


class Model:
    """Persists its fields to a JSON file."""

    def __init__(self, path, **fields):
        self.path = path
        self.fields = fields

    def save(self):
        """Write all fields to disk."""
        with open(self.path, "w", encoding="utf-8") as fh:
            json.dump(self.fields, fh)

    def validate(self):
        """Look-alike: pure check, overridden below too."""
        return bool(self.fields)


class AuditedModel(Model):
    """A model that stamps a revision number before saving."""

    def save(self):
        """Bump the revision, then delegate to Model.save."""
        self.fields["revision"] = self.fields.get("revision", 0) + 1
        # Persist through the parent implementation.
        super().save()

    def validate(self):
        """Look-alike super() call into a pure method."""
        return super().validate() and "revision" in self.fields
