"""Drawing blocks of a letter PDF in reportlab: kop, text, ruled tables, charts."""
