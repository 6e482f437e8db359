"""Review cycles: when each page, place and contact was last checked, which are overdue, and the weekly digest."""
