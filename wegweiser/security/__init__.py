"""Web security: Content-Security-Policy, secure headers, checks of uploaded files."""
