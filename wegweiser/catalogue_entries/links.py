"""Catalogue entries of ``wegweiser.links``: the link checker in the admin (German only; newcomers see none)."""

ADMIN_DE = {
    # models
    "Web address": "Webadresse",
    "Phone number": "Telefonnummer",
    "E-mail address": "E-Mail-Adresse",
    "Not checked yet": "Noch nicht geprüft",
    "Works": "Funktioniert",
    "Moved": "Umgezogen",
    "Broken": "Defekt",
    "Not valid": "Ungültig",
    "address": "Adresse",
    "HTTP status": "HTTP-Status",
    "address after redirects": "Adresse nach Weiterleitungen",
    "failed checks in a row": "Fehlschläge in Folge",
    "links": "Links",
    "page": "Seite",
    "field": "Feld",
    "use of a link": "Verwendung eines Links",
    "uses of links": "Verwendungen von Links",
    # fetching
    "“%(host)s” is a private or local address; only addresses on the internet are checked.": (
        "„%(host)s“ ist eine private oder lokale Adresse; geprüft werden nur Adressen im Internet."
    ),
    "Only http and https addresses can be checked.": "Nur http- und https-Adressen können geprüft werden.",
    "The server answered with HTTP %(status)s.": "Der Server antwortete mit HTTP %(status)s.",
    # replacing
    "Only web addresses can be replaced everywhere.": "Nur Webadressen können überall ersetzt werden.",
    "Enter a complete web address starting with http:// or https://, e.g. https://www.example.org/page.": (
        "Geben Sie eine vollständige Webadresse ein, die mit http:// oder https:// beginnt, "
        "z. B. https://www.example.org/seite."
    ),
    "The address is longer than %(max)s characters.": "Die Adresse ist länger als %(max)s Zeichen.",
    "The new address is the same as the old one.": "Die neue Adresse ist dieselbe wie die alte.",
    "You may not change “%(item)s”; nothing was replaced.": "Sie dürfen „%(item)s“ nicht ändern; nichts wurde ersetzt.",
    # views
    "Failed once": "Einmal fehlgeschlagen",
    "Choose a region.": "Wählen Sie eine Region.",
    "No such link.": "Diesen Link gibt es nicht.",
    "Links": "Links",
    "“%(address)s” works.": "„%(address)s“ funktioniert.",
    "“%(address)s” does not work: %(error)s": "„%(address)s“ funktioniert nicht: %(error)s",
    "New address": "Neue Adresse",
    "The complete web address, starting with https:// or http://.": (
        "Die vollständige Webadresse, beginnend mit https:// oder http://."
    ),
    "“%(old)s” replaced by “%(new)s” in %(count)s place.": [
        "„%(old)s“ an %(count)s Stelle durch „%(new)s“ ersetzt.",
        "„%(old)s“ an %(count)s Stellen durch „%(new)s“ ersetzt.",
    ],
    "Saved as draft, to be published by you: %(pages)s": (
        "Als Entwurf gespeichert, von Ihnen zu veröffentlichen: %(pages)s"
    ),
    "Replace a link everywhere": "Einen Link überall ersetzen",
    "Replace link everywhere": "Link überall ersetzen",
    "Link replaced everywhere": "Link überall ersetzt",
    # templates
    "The web addresses, phone numbers and e-mail addresses in your pages, places, events, news, contacts and "
    "organisations. Web addresses are checked regularly; one counts as broken when it failed several checks in a "
    "row. A moved one still works, but the old address may stop working one day: replace it with the new one.": (
        "Die Webadressen, Telefonnummern und E-Mail-Adressen in Ihren Seiten, Orten, Veranstaltungen, Nachrichten, "
        "Kontakten und Organisationen. Webadressen werden regelmäßig geprüft; eine gilt als defekt, wenn mehrere "
        "Prüfungen nacheinander fehlgeschlagen sind. Eine umgezogene funktioniert noch, aber die alte Adresse kann "
        "eines Tages aufhören zu funktionieren: Ersetzen Sie sie durch die neue."
    ),
    "Links by state": "Links nach Zustand",
    "Used in": "Verwendet in",
    "HTTP %(code)s": "HTTP %(code)s",
    "Now at:": "Jetzt unter:",
    "Failed %(counter)s check in a row": [
        "%(counter)s Prüfung in Folge fehlgeschlagen",
        "%(counter)s Prüfungen in Folge fehlgeschlagen",
    ],
    "Check again now": "Jetzt erneut prüfen",
    "Replace everywhere": "Überall ersetzen",
    "Only the first 200 are shown. Fix these, then the next ones show.": (
        "Nur die ersten 200 werden gezeigt. Beheben Sie diese, dann erscheinen die nächsten."
    ),
    "No links here.": "Hier sind keine Links.",
    'Replace <span dir="ltr">%(address)s</span> with a new address in every place below, in all languages. Live '
    "pages are published again with the change; a page with an unpublished draft gets the change in its draft.": (
        'Ersetzen Sie <span dir="ltr">%(address)s</span> an allen unten genannten Stellen in allen Sprachen durch '
        "eine neue Adresse. Veröffentlichte Seiten werden mit der Änderung erneut veröffentlicht; eine Seite mit "
        "einem unveröffentlichten Entwurf erhält die Änderung in ihrem Entwurf."
    ),
    "Where it is used": "Wo er verwendet wird",
    'Replace <span dir="ltr">%(old)s</span> with <span dir="ltr">%(new)s</span> in this place?': [
        '<span dir="ltr">%(old)s</span> an dieser Stelle durch <span dir="ltr">%(new)s</span> ersetzen?',
        '<span dir="ltr">%(old)s</span> an diesen %(counter)s Stellen durch <span dir="ltr">%(new)s</span> ersetzen?',
    ],
    "Show what changes": "Zeigen, was sich ändert",
}
