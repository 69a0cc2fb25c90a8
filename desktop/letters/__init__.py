"""Surat: making letters, their preview and the register."""
