"""Who works where: PPL on SLS, Koseka on kecamatan, loads and auto-balance."""
