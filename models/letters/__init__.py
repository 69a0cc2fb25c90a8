"""Official letters (surat): numbered, laid out, issued as PDFs."""
