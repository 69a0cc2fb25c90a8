"""Identifiers as written: NIK, No. KK, NIP and Kemendagri codes, ASCII digits only."""
