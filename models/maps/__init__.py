"""Area boundaries: reading boundary files, joining them to the master, drawing levels."""
