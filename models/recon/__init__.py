"""Reconciling SP Online with the field, person by person and household by household."""
