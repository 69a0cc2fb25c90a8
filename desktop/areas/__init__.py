"""Wilayah: the area master as a tree and its small edit forms."""
