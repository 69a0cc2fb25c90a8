"""The database itself: opening it, upgrading its schema, bulk writes, copies and settings."""
