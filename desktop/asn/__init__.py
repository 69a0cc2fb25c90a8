"""Kepatuhan ASN: each OPD's compliance and its ASN lists."""
