"""Spreadsheet files: reading them safely, mapping their columns, writing styled xlsx."""
