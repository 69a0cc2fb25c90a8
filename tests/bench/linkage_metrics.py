"""How the pairs a reconciliation wrote compare with a labelled city's truth (linkage_city)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from models.store.db import Database
from tests.bench.linkage_city import BIT, Truth

PAIRS_SQL = ("SELECT m.method, m.category, o.natural_key, f.natural_key FROM person_match m "
             "JOIN online_submission o ON o.id = m.online_id "
             "JOIN field_result f ON f.id = m.field_id")
CURRENT_SQL = "SELECT count(*) FROM {} WHERE replaced_by_batch_id IS NULL"
GOALS = {"precision": 0.995, "recall": 0.97, "review": 0.03}  # of the issue


@dataclass(frozen=True)
class Metrics:
    """How the pairs of person_match compare with the truth.

    The evaluation set: true persons in both sources none of whose online and field
    natural keys agree (the field has no NIK, or another NIK; online typed a relative's).
    Automatic predictions: kk_nama and skor pairs outside the review band, plus NIK pairs of
    two different persons; the review band: pairs of category mungkin.
    """

    persons: int  # true persons of the city
    to_find: int  # the evaluation set
    second_pass: int  # records in no NIK pair: what the second pass starts from
    nik_wrong: int  # NIK pairs of two different persons (a relative's NIK typed online)
    automatic: int
    automatic_correct: int
    review: int
    review_correct: int
    found_automatic: int  # persons of the evaluation set paired automatically
    found: int  # ... automatically or in the review band
    by_method: dict[str, int]  # pair rows per method (automatic and review)
    by_trait: dict[str, tuple[int, int]]  # noise -> (persons in the evaluation set, found)

    @property
    def precision(self) -> float:
        return self.automatic_correct / self.automatic if self.automatic else 1.0

    @property
    def recall_automatic(self) -> float:
        return self.found_automatic / self.to_find if self.to_find else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.to_find if self.to_find else 1.0

    @property
    def review_share(self) -> float:
        """Review pairs per person of the evaluation set (the goal's denominator)."""
        return self.review / self.to_find if self.to_find else 0.0

    @property
    def review_share_of_second_pass(self) -> float:
        return self.review / self.second_pass if self.second_pass else 0.0

    def lines(self) -> list[str]:
        """The table the bench and the quality test print, Indonesian labels."""
        def mark(ok: bool) -> str:
            return "ya" if ok else "TIDAK"

        methods = ", ".join(f"{m} {n:,}" for m, n in sorted(self.by_method.items()))
        return [
            f"  {'orang sebenarnya':<46} {self.persons:>9,}",
            f"  {'pasangan dicari (tanpa pasangan NIK)':<46} {self.to_find:>9,}",
            f"  {'rekaman masuk lintasan kedua':<46} {self.second_pass:>9,}"
            "  (tidak dalam pasangan NIK)",
            f"  {'pasangan NIK salah (NIK kerabat)':<46} {self.nik_wrong:>9,}",
            f"  {'otomatis: dipasangkan / benar':<46} {self.automatic:>9,} / "
            f"{self.automatic_correct:,}",
            f"  {'presisi otomatis':<46} {self.precision:>9.4f}  target ≥ "
            f"{GOALS['precision']} ({mark(self.precision >= GOALS['precision'])})",
            f"  {'recall otomatis':<46} {self.recall_automatic:>9.4f}",
            f"  {'ditinjau (mungkin) / benar':<46} {self.review:>9,} / {self.review_correct:,}",
            f"  {'recall otomatis + tinjauan':<46} {self.recall:>9.4f}  target ≥ "
            f"{GOALS['recall']} ({mark(self.recall >= GOALS['recall'])})",
            f"  {'porsi tinjauan (per pasangan dicari)':<46} {self.review_share:>9.2%}  "
            f"target ≤ {GOALS['review']:.0%} ({mark(self.review_share <= GOALS['review'])})",
            f"  {'porsi tinjauan (per rekaman lintasan kedua)':<46} "
            f"{self.review_share_of_second_pass:>9.2%}",
            f"  pasangan per metode: {methods or '-'}",
            "  ditemukan per jenis gangguan: " + ", ".join(
                f"{trait} {found:,}/{total:,}" for trait, (total, found)
                in self.by_trait.items() if total),
        ]


def evaluate(target: Database | Session, truth: Truth) -> Metrics:
    """Scores the outcomes of the last run in `target` against `truth` (raw SQL, by value)."""
    if isinstance(target, Session):
        return _evaluate(target, truth)
    with target.session() as session:
        return _evaluate(session, truth)


def _evaluate(session: Session, truth: Truth) -> Metrics:
    online_owner = {key: p for p, keys in enumerate(truth.online) for key in keys}
    field_owner = {key: p for p, keys in enumerate(truth.field) for key in keys}
    pairs = enumerate(zip(truth.online, truth.field, strict=True))
    to_find = {p for p, (online, fielded) in pairs
               if online and fielded and not set(online) & set(fielded)}
    connection = session.connection()
    nik_pairs = nik_wrong = automatic = automatic_correct = review = review_correct = 0
    found_automatic: set[int] = set()
    found: set[int] = set()
    by_method: dict[str, int] = {}
    for method, category, online_key, field_key in connection.exec_driver_sql(PAIRS_SQL):
        person = online_owner.get(online_key)
        same = person is not None and person == field_owner.get(field_key)
        if method == "nik":
            nik_pairs += 1
            if same:
                continue
            nik_wrong += 1
        by_method[method] = by_method.get(method, 0) + 1
        if category == "mungkin" and method != "nik":
            review += 1
            if same:
                review_correct += 1
                found.add(person)  # type: ignore[arg-type]
            continue
        automatic += 1
        if same:
            automatic_correct += 1
            found_automatic.add(person)  # type: ignore[arg-type]
    found |= found_automatic
    records = sum(connection.exec_driver_sql(CURRENT_SQL.format(table)).scalar_one()
                  for table in ("online_submission", "field_result"))
    by_trait = {}
    for trait, bit in BIT.items():
        marked = {p for p in to_find if truth.traits[p] & bit}
        by_trait[trait] = (len(marked), len(marked & found))
    return Metrics(persons=len(truth.traits), to_find=len(to_find),
                   second_pass=records - 2 * nik_pairs, nik_wrong=nik_wrong,
                   automatic=automatic, automatic_correct=automatic_correct, review=review,
                   review_correct=review_correct, found_automatic=len(found_automatic & to_find),
                   found=len(found & to_find), by_method=by_method, by_trait=by_trait)
