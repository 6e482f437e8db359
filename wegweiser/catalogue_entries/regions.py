# ruff: noqa: E501  (catalogue entries: one msgid, one line)
"""Catalogue entries of ``wegweiser.regions``: the event manager role and the people of a region (admin only)."""

READER: dict = {}

ADMIN_DE = {
    # Roles
    "Event manager": "Veranstaltungen",
    # People of a region (wegweiser.regions.people)
    "People": "Personen",
    "Role": "Rolle",
    "Last login": "Letzte Anmeldung",
    "deactivated": "deaktiviert",
    "Change role": "Rolle ändern",
    "Remove from the region": "Aus der Region entfernen",
    "Nobody works in this region yet.": "In dieser Region arbeitet noch niemand.",
    "Invite someone": "Jemanden einladen",
    "Invite": "Einladen",
    "Partner organisations": "Partnerorganisationen",
    "The people who work on your region's guide, and their roles. Invite someone by e-mail, give them another role, or take them out of the region. Partner organisations' people are managed in each organisation's form.": "Die Personen, die am Wegweiser Ihrer Region arbeiten, und ihre Rollen. Laden Sie jemanden per E-Mail ein, geben Sie jemandem eine andere Rolle oder nehmen Sie jemanden aus der Region heraus. Die Personen von Partnerorganisationen werden im Formular der jeweiligen Organisation verwaltet.",
    "You do not manage this region.": "Sie verwalten diese Region nicht.",
    "This person does not work in this region.": "Diese Person arbeitet nicht in dieser Region.",
    "Only an operator can change an operator's roles.": "Nur der Betrieb kann die Rollen einer Betreiberin oder eines Betreibers ändern.",
    "%(name)s is the last manager of %(region)s: make someone else manager first.": "%(name)s verwaltet %(region)s als Letzte(r): Machen Sie zuerst jemand anderen zur Verwaltung.",
    "You now work on the guide of %(region)s": "Sie arbeiten jetzt am Wegweiser von %(region)s mit",
    "%(name)s gave you the role “%(role)s” in %(region)s. Sign in here: %(url)s": "%(name)s hat Ihnen die Rolle „%(role)s“ in %(region)s gegeben. Hier melden Sie sich an: %(url)s",
    "The invitation was not sent: please correct the errors below.": "Die Einladung wurde nicht verschickt: Bitte korrigieren Sie die Fehler unten.",
    "%(email)s is now %(role)s in %(region)s; we sent them an e-mail.": "%(email)s hat jetzt die Rolle „%(role)s“ in %(region)s; wir haben eine E-Mail geschickt.",
    "Choose one of the roles.": "Wählen Sie eine der Rollen.",
    "%(name)s is now %(role)s.": "%(name)s hat jetzt die Rolle „%(role)s“.",
    "%(name)s no longer works in %(region)s; the account is deactivated, as they work nowhere else.": "%(name)s arbeitet nicht mehr in %(region)s; das Konto ist deaktiviert, da die Person nirgends sonst arbeitet.",
    "%(name)s no longer works in %(region)s.": "%(name)s arbeitet nicht mehr in %(region)s.",
    "The municipality's logo or coat of arms, shown on the cover of printed guides.": "Logo oder Wappen der Kommune, auf dem Titelblatt gedruckter Wegweiser.",
}
