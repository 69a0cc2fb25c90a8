"""The office profile: its codes, head, targets and letter settings."""
