"""Impor: files mapped and imported in the background, the batch register, the recap grid."""
