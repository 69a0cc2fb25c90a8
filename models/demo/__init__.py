"""A generated but realistic demo office: Kota Banjarmasin during a census."""
