"""Persons from SP Online and the field: checked, imported, stored, rolled back."""
