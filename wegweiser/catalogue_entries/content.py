# ruff: noqa: E501  (catalogue entries: one msgid, one line)
"""Catalogue entries of ``wegweiser.content``: pages shown in another region's guide, the template library."""

READER = {
    "From the guide of %(region)s": {
        "de": "Aus dem Wegweiser von %(region)s",
        "ar": "من دليل %(region)s",
        "fa": "از راهنمای %(region)s",
        "uk": "З довідника %(region)s",
        "ru": "Из справочника %(region)s",
        "tr": "%(region)s rehberinden",
    },
}

ADMIN_DE = {
    # The page editor: showing a page of another region, offering a page as template
    "show a page of another region": "Seite einer anderen Region zeigen",
    "Its current text appears below this page's own text, in the reader's language where it is translated, with its region named.": "Ihr aktueller Text erscheint unter dem eigenen Text dieser Seite, in der Sprache der Lesenden, wo er übersetzt ist, und mit dem Namen ihrer Region.",
    "offer as template": "als Vorlage anbieten",
    "Other regions find this page in the template library and can copy it with its translations.": "Andere Regionen finden diese Seite unter „Vorlagen“ und können sie mit ihren Übersetzungen kopieren.",
    "Shared with other regions": "Mit anderen Regionen geteilt",
    "A page cannot show itself. Choose a page of another region.": "Eine Seite kann sich nicht selbst zeigen. Wählen Sie eine Seite einer anderen Region.",
    "Choose a topic page of another region.": "Wählen Sie eine Themenseite einer anderen Region.",
    "Choose a page of another region": "Seite einer anderen Region wählen",
    "Choose another page": "Andere Seite wählen",
    "Edit this page": "Diese Seite bearbeiten",
    "Search term": "Suchbegriff",
    "Title of the page or name of the region": "Titel der Seite oder Name der Region",
    "“%(title)s” is a page of this region. Choose a page of another region, or link to it in the text.": "„%(title)s“ ist eine Seite dieser Region. Wählen Sie eine Seite einer anderen Region, oder verlinken Sie die Seite im Text.",
    "“%(title)s” shows a page of another region itself. Choose that page instead: pages are shown one step only.": "„%(title)s“ zeigt selbst eine Seite einer anderen Region. Wählen Sie stattdessen diese Seite: Seiten werden nur über eine Stufe gezeigt.",
    "Other regions show this page in their guides, so it cannot show a page of another region itself. Copy the text into this page instead.": "Andere Regionen zeigen diese Seite in ihrem Wegweiser, daher kann sie selbst keine Seite einer anderen Region zeigen. Übernehmen Sie den Text stattdessen in diese Seite.",
    "“%(title)s” (%(region)s) is not published at the moment: readers see only this page's own text until it is published again.": "„%(title)s“ (%(region)s) ist zurzeit nicht veröffentlicht: Die Lesenden sehen nur den eigenen Text dieser Seite, bis sie wieder veröffentlicht ist.",
    # The template library
    "Template library": "Vorlagen",
    "Copy into my region": "In meine Region kopieren",
    "Template": "Vorlage",
    "Offered by": "Angeboten von",
    "Subpages": "Unterseiten",
    "No region offers templates yet.": "Noch keine Region bietet Vorlagen an.",
    "Pages that regions offer to copy: the text and its translations go into your guide as drafts, for you to adapt and publish. To offer a page of your own, tick “offer as template” in its editor.": "Seiten, die Regionen zum Kopieren anbieten: Text und Übersetzungen kommen als Entwürfe in Ihren Wegweiser, zum Anpassen und Veröffentlichen. Um eine eigene Seite anzubieten, kreuzen Sie im Editor „als Vorlage anbieten“ an.",
    "“%(title)s” from %(region)s": "„%(title)s“ von %(region)s",
    "The copy is a draft in your guide, with each translation your region has a place for; nothing is published until you publish it. The responsible organisation is left empty, as organisations belong to their region.": "Die Kopie ist ein Entwurf in Ihrem Wegweiser, mit jeder Übersetzung, für die Ihre Region einen Platz hat; nichts wird veröffentlicht, bevor Sie es veröffentlichen. Die zuständige Organisation bleibt leer, denn Organisationen gehören zu ihrer Region.",
    "Back to the template library": "Zurück zu den Vorlagen",
    "Place in your guide": "Platz in Ihrem Wegweiser",
    "The copy goes below this page; its translations below this page's translations.": "Die Kopie kommt unter diese Seite, ihre Übersetzungen unter die Übersetzungen dieser Seite.",
    "Choose a place in your region's guide from the list.": "Wählen Sie einen Platz im Wegweiser Ihrer Region aus der Liste.",
    "With its subpages": "Mit ihren Unterseiten",
    "Top level of the guide": "Oberste Ebene des Wegweisers",
    "No such template.": "Diese Vorlage gibt es nicht.",
    "You may not add pages at this place.": "Sie dürfen an diesem Platz keine Seiten anlegen.",
    "“%(title)s” and %(count)d subpage were copied into %(region)s as drafts.": (
        "„%(title)s“ und %(count)d Unterseite wurden als Entwürfe nach %(region)s kopiert.",
        "„%(title)s“ und %(count)d Unterseiten wurden als Entwürfe nach %(region)s kopiert.",
    ),
    "“%(title)s” was copied into %(region)s as a draft.": "„%(title)s“ wurde als Entwurf nach %(region)s kopiert.",
    "Translations copied with it: %(languages)s.": "Mitkopierte Übersetzungen: %(languages)s.",
    "none": "keine",
    "Choose a page of your region, or its start, as the place for the copy.": "Wählen Sie eine Seite Ihrer Region oder ihre oberste Ebene als Platz für die Kopie.",
    "Choose the place in the language your region writes in; the translations are copied with it.": "Wählen Sie den Platz in der Sprache, in der Ihre Region schreibt; die Übersetzungen werden mitkopiert.",
    "“%(title)s” is not published in the language your region writes in.": "„%(title)s“ ist in der Sprache, in der Ihre Region schreibt, nicht veröffentlicht.",
}
