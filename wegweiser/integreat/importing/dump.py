"""Reading a whole dump: every file found in the directory, checked, with translations linked."""

from dataclasses import dataclass, field
from pathlib import Path

from wegweiser.regions.languages import BY_CODE, DEFAULT_LANGUAGE

from .items import LOCAL_KINDS, ItemFile, _link_item_translations, _read_item_file
from .pages import LOCAL_FILE, PAGES_FILE, IntegreatImportError, LanguageFile, _link_translations, _read_language_file


@dataclass
class Dump:
    """Every language file of a directory, German first, and the files that are left out."""

    directory: Path
    files: dict[str, LanguageFile]
    local: dict[str, dict[str, "ItemFile"]] = field(default_factory=dict)  # kind → language → file, German first

    @property
    def languages(self) -> list[str]:
        """Every language of the dump, German first: a language with only places or events is imported too."""
        others = {code for files in self.local.values() for code in files} | set(self.files)
        return [DEFAULT_LANGUAGE] + sorted(others - {DEFAULT_LANGUAGE})


def read_dump(directory: Path) -> Dump:
    """Read and check every ``pages.<lang>.json`` in ``directory``; raise ``IntegreatImportError`` on any problem."""
    if not directory.is_dir():
        raise IntegreatImportError(f"{directory}: no such directory")
    page_files, local_files = _find_files(directory)
    if DEFAULT_LANGUAGE not in page_files:
        raise IntegreatImportError(f"{directory}: no pages.{DEFAULT_LANGUAGE}.json (German is the source language)")
    languages = [DEFAULT_LANGUAGE] + sorted(code for code in page_files if code != DEFAULT_LANGUAGE)
    files = {code: _read_language_file(page_files[code], code) for code in languages}
    german = files[DEFAULT_LANGUAGE]
    for code in languages[1:]:
        _link_translations(german, files[code])
    local: dict[str, dict[str, ItemFile]] = {}
    for kind in LOCAL_KINDS:  # locations first: events point at them
        paths = local_files.get(kind)
        if not paths:
            continue
        if DEFAULT_LANGUAGE not in paths:
            raise IntegreatImportError(
                f"{directory}: no {kind}.{DEFAULT_LANGUAGE}.json (German is the source language)"
            )
        codes = [DEFAULT_LANGUAGE] + sorted(code for code in paths if code != DEFAULT_LANGUAGE)
        local[kind] = {code: _read_item_file(paths[code], kind, code) for code in codes}
        for code in codes[1:]:
            _link_item_translations(local[kind][DEFAULT_LANGUAGE], local[kind][code])
    return Dump(directory, files, local)


def _find_files(directory: Path) -> tuple[dict[str, Path], dict[str, dict[str, Path]]]:
    """The pages files by language, and the events/locations files by kind and language; other files (notes,
    questions) are ignored."""
    pages: dict[str, Path] = {}
    local: dict[str, dict[str, Path]] = {}
    for path in sorted(directory.iterdir()):
        match = PAGES_FILE.match(path.name) or LOCAL_FILE.match(path.name)
        if match is None:
            continue
        language = match["language"]
        if language not in BY_CODE:
            raise IntegreatImportError(f"{path}: unknown language code {language!r}")
        if "kind" in match.groupdict():
            local.setdefault(match["kind"], {})[language] = path
        else:
            pages[language] = path
    return pages, local
