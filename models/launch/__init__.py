"""Starting work on a database: open, upgrade, clear leftovers, and the self-check."""
