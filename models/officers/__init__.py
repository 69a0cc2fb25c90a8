"""Field officers (PPL, PML, Koseka) and their teams: imported, edited and read."""
