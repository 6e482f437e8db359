"""Catalogue entries of ``wegweiser.organisations``: partner organisations' people and their accounts."""

READER: dict[str, dict[str, str]] = {}

ADMIN_DE: dict[str, str] = {
    "e-mail for verification requests": "E-Mail für Prüfanfragen",
    "Where requests to confirm the organisation's pages, places and contacts are sent.": (
        "Hierhin gehen die Anfragen, Seiten, Orte und Kontakte der Organisation zu bestätigen."
    ),
    "group of its people": "Gruppe ihrer Mitarbeitenden",
    "An account named “%(email)s” exists already with another e-mail address.": (
        "Ein Konto mit dem Namen „%(email)s“ gibt es schon, mit einer anderen E-Mail-Adresse."
    ),
    "People of the organisation": "Mitarbeitende der Organisation",
    "They may change the organisation's pages, places and contacts; an editor approves every change before "
    "newcomers see it.": (
        "Sie dürfen die Seiten, Orte und Kontakte der Organisation ändern; jede Änderung gibt eine Redakteurin "
        "oder ein Redakteur frei, bevor Neuzugewanderte sie sehen."
    ),
    "Add a person by e-mail": "Person per E-Mail hinzufügen",
    "Someone without an account gets one with this address as user name and an e-mail with a link to set "
    "their password.": (
        "Wer noch kein Konto hat, bekommt eines mit dieser Adresse als Benutzernamen und eine E-Mail mit einem "
        "Link, um das Passwort festzulegen."
    ),
    "Only the region's managers choose the people of an organisation.": (
        "Nur die Verwaltung der Region wählt die Mitarbeitenden einer Organisation."
    ),
    "Nothing was changed.": "Es wurde nichts geändert.",
    "Thank you! Your changes to “%(contact)s” await approval by the region's editors.": (
        "Danke! Ihre Änderungen an „%(contact)s“ warten auf die Freigabe durch die Redaktion der Region."
    ),
}
