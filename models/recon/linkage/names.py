"""Names folded to one spelling, so that variants of one name compare as equal.

Residents and officers write one name many ways: with honorifics and degrees (H., Hj., Ir.,
", S.Pd."), abbreviated (M., Muh., Moch. for Muhammad; Abd. for Abdul), in the old spelling
(oe, dj, tj) or the Arabic-derived variants (Achmad / Ahmad, Nur / Noor, Kh / H), with
doubled letters and in another order. Each rule here folds one such habit; the tokens are
then sorted, so the order of the words no longer matters.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Titles and degrees: they say nothing about who the person is. Compared without dots.
HONORIFICS = frozenset({
    "H", "HJ", "HAJI", "HAJAH", "HAJJAH", "KH", "IR", "DR", "DRS", "DRA", "PROF", "BPK",
    "BAPAK", "IBU", "NY", "NYONYA", "TN", "SDR", "SDRI", "ALM", "ALMH", "UST", "USTADZ",
    "USTAZ", "USTADZAH", "HABIB", "TGK", "RA", "RR",
})
DEGREES = frozenset({
    "SPD", "SPDI", "SAG", "SE", "SH", "ST", "SKOM", "SKM", "SKEP", "SSOS", "SIP", "SSI",
    "SPSI", "SHI", "SP", "SS", "SSN", "STR", "SSTP", "SPT", "SKG", "SKED", "SFARM",
    "MM", "MPD", "MSI", "MAG", "MH", "MT", "MKES", "MKOM", "MPDI", "ME", "MBA", "MSC", "PHD",
    "AMD", "AMK", "AMKEB", "AMA", "BA", "BSC", "APT", "NERS", "BC", "AK", "CPNS",
})
# Whole-word abbreviations and variants, to one form.
WORDS = {
    **dict.fromkeys(("M", "MUH", "MUHD", "MHD", "MOH", "MOCH", "MOHD", "MUCH", "MUHAMAD",
                     "MUHAMMAD", "MOHAMAD", "MOHAMMAD", "MOCHAMAD", "MOCHAMMAD", "MUCHAMAD",
                     "MUCHAMMAD", "MUHAMMED", "MOHAMED", "MOHAMMED", "MUHAMED"), "MUHAMAD"),
    **dict.fromkeys(("ABD", "ABDUL", "ABDOEL", "ABDUH"), "ABDUL"),
    **dict.fromkeys(("NUR", "NOOR", "NOER", "NUUR", "NURUL"), "NUR"),
    **dict.fromkeys(("SITI", "SITTI", "SYITI", "STI"), "SITI"),
}
# Spelling inside a word: old Indonesian spelling, then Arabic-derived variants.
SPELLINGS = (("OE", "U"), ("DJ", "J"), ("TJ", "C"), ("SJ", "SY"), ("NJ", "NY"), ("CH", "H"),
             ("KH", "H"), ("DZ", "Z"), ("TH", "T"), ("PH", "F"), ("AA", "A"), ("IE", "I"),
             ("OU", "U"), ("Q", "K"), ("V", "F"), ("Y", "I"))
_DOUBLED = re.compile(r"([A-Z])\1+")
_NOT_LETTERS = re.compile(r"[^A-Z ]+")
_SEGMENT_NOT_LETTERS = re.compile(r"[^A-Z]+")


def _is_degree_segment(segment: str) -> bool:
    """', S.Pd., M.Pd' after a name: every word a degree."""
    words = [_SEGMENT_NOT_LETTERS.sub("", w) for w in segment.replace(".", ". ").split()]
    words = [w for w in words if w]
    return bool(words) and all(w in DEGREES for w in words)


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> str:
    """One word (upper-case letters) to its folded spelling (words repeat: cached)."""
    word = WORDS.get(word, word)
    for old, new in SPELLINGS:
        if old in word:
            word = word.replace(old, new)
    return _DOUBLED.sub(r"\1", word)


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """The name's folded words, sorted and joined by one space ('' for no name left).

    Segments after a comma are degrees when every word is one ("AMINAH, S.PD"); otherwise
    the comma only marks the order ("AMINAH, SITI"), and the words are kept.
    """
    upper = name.upper()
    if "," in upper:
        segments = upper.split(",")
        upper = ",".join([segments[0], *(s for s in segments[1:] if not _is_degree_segment(s))])
    # "S.PD" and "HJ." as one word each; other punctuation separates words
    raws = _NOT_LETTERS.sub(" ", upper.replace(".", "")).split()
    kept = [raw for at, raw in enumerate(raws)
            if raw not in HONORIFICS and not (raw in DEGREES and at > 0)]
    # a name of titles only ("IBU") is still what was written: keep it rather than nothing
    words = [fold_word(raw) for raw in (kept or raws)]
    return " ".join(sorted(w for w in words if w))
