"""PostgreSQL only: a stored full-text document per search entry, with a GIN index, for the ``postgres`` backend.

``search_document`` is a generated column (PostgreSQL keeps it in step with ``terms`` and ``title_terms``):
the title's terms (the first ``title_terms``) weighted A, the rest D, in the ``simple`` configuration because
``terms`` is already stemmed and folded by ``wegweiser.search.language``. It is stored rather than only
indexed because ranking reads every matching entry's document; computing it again per entry costs about
half a millisecond for a page of text.

The column is not part of the Django model (SQLite has no tsvector), so the ORM never writes it; the backend
reads it with ``backends.postgres.Document``. On other databases this migration does nothing.
Note: an ``AlterField`` of ``terms`` or ``title_terms`` on PostgreSQL needs this column dropped first.
"""

from django.db import migrations

# The first title_terms words of terms (at most 255: PostgreSQL's largest regular expression repetition).
TITLE = r"substring(terms from '^((?:\S+(?:\s+|$)){0,' || least(title_terms, 255)::text || '})')"
DOCUMENT = (
    f"setweight(to_tsvector('simple'::regconfig, {TITLE}), 'A')"
    f" || setweight(to_tsvector('simple'::regconfig, substr(terms, length({TITLE}) + 1)), 'D')"
)


def add_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE search_searchentry ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute("CREATE INDEX search_entry_document ON search_searchentry USING gin (search_document)")


def remove_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN search_document")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(add_document, remove_document, elidable=False)]
