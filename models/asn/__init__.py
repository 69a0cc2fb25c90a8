"""Civil servants (ASN) of each OPD and whether they filled SP Online."""
