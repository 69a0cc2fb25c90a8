"""Admin: accounts, the audit log and backups."""
