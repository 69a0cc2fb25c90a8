"""Penugasan: SLS to PPL by selection or drag, auto-balance, undo and history."""
