"""Accounts: two-factor sign-in, lockout after failed logins, the security log."""
