"""The Peta page: the area map, its legend, boundary import and export."""
