"""The language tree of a region: which language each language is translated from.

German is usually the root; English may be translated from German and Persian from English.
Every rule about the tree lives here so that editing, translation status and the APIs agree.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .languages import BY_CODE


class LanguageTreeError(ValueError):
    """The languages of a region do not form a tree; the message says what to fix."""


@dataclass(frozen=True)
class LanguageNode:
    code: str
    source: str | None
    enabled: bool = True
    visible: bool = True
    editable: bool = True


@dataclass
class LanguageTree:
    nodes: dict[str, LanguageNode] = field(default_factory=dict)

    @classmethod
    def build(cls, nodes: Iterable[LanguageNode]) -> "LanguageTree":
        """Check the nodes and return the tree, or raise ``LanguageTreeError`` saying what is wrong."""
        tree = cls()
        for node in nodes:
            if node.code not in BY_CODE:
                raise LanguageTreeError(_("Unknown language “%(code)s”.") % {"code": node.code})
            if node.code in tree.nodes:
                raise LanguageTreeError(_("The language “%(code)s” is listed twice.") % {"code": node.code})
            tree.nodes[node.code] = node
        roots = [node.code for node in tree.nodes.values() if not node.source]
        if len(roots) != 1:
            raise LanguageTreeError(
                _("Exactly one language must have no source language (the one the region writes in); found %(n)d.")
                % {"n": len(roots)}
            )
        for node in tree.nodes.values():
            if node.source and node.source not in tree.nodes:
                raise LanguageTreeError(
                    _("“%(code)s” is translated from “%(source)s”, which the region does not offer.")
                    % {"code": node.code, "source": node.source}
                )
            if node.source == node.code:
                raise LanguageTreeError(_("“%(code)s” cannot be translated from itself.") % {"code": node.code})
        for code in tree.nodes:
            tree.path_to_root(code)  # raises on cycles
        if not tree.nodes[roots[0]].enabled:
            raise LanguageTreeError(_("The language the region writes in must be enabled."))
        return tree

    @classmethod
    def for_region(cls, region) -> "LanguageTree":
        return cls.build(
            LanguageNode(rl.language, rl.source_language or None, rl.enabled, rl.visible, rl.editable)
            for rl in region.languages.all()
        )

    @property
    def root(self) -> str:
        return next(code for code, node in self.nodes.items() if not node.source)

    def source_of(self, code: str) -> str | None:
        return self.nodes[code].source

    def children_of(self, code: str) -> list[str]:
        return [node.code for node in self.nodes.values() if node.source == code]

    def path_to_root(self, code: str) -> list[str]:
        """The language and its sources up to the root, e.g. ``["fa", "en", "de"]``."""
        path = [code]
        while (source := self.nodes[path[-1]].source) is not None:
            if source in path:
                raise LanguageTreeError(
                    _("The languages %(cycle)s translate from each other in a circle.") % {"cycle": ", ".join(path)}
                )
            path.append(source)
        return path

    def descendants_of(self, code: str) -> list[str]:
        """Every language translated, directly or through others, from this one (depth first)."""
        found: list[str] = []
        for child in self.children_of(code):
            found.append(child)
            found.extend(self.descendants_of(child))
        return found

    def enabled_codes(self) -> list[str]:
        return [code for code, node in self.nodes.items() if node.enabled]

    def visible_codes(self) -> list[str]:
        """Languages offered to newcomers: enabled and visible."""
        return [code for code, node in self.nodes.items() if node.enabled and node.visible]

    def editable_codes(self) -> list[str]:
        return [code for code, node in self.nodes.items() if node.enabled and node.editable]
