"""The second matching pass: persons paired without NIK by weighing several fields."""
