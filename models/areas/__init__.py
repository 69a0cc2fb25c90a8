"""The area master: kecamatan › kelurahan/desa › SLS, imported, edited and read."""
