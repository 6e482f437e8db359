"""Links, phone numbers and e-mail addresses in all content, and the periodic check of the links."""
