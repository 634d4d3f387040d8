"""Catalogue writes: single products and the all-or-nothing CSV import."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from common.exceptions import ApplicationError
from domains.commerce.models import MAX_PRICE, Product
from domains.commerce.selectors import snapshot_clear

DEFAULT_CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "catalogue-v1.csv"
REQUIRED_COLUMNS = ("sku", "name", "category", "price", "currency", "valence", "arousal")
OPTIONAL_COLUMNS = ("tags", "stock", "description", "active")
MAX_IMPORT_ROWS = 20_000
MAX_IMPORT_BYTES = 5 * 1024 * 1024
PRODUCT_FIELDS = (
    "name", "category", "price", "currency", "description", "tags", "valence", "arousal",
    "stock", "active",
)  # fmt: skip


@dataclass
class CatalogueImportReport:
    """What an import did, or per-row errors when it did nothing."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
        }


def _decimal(value, name: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number")
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"{name} must be a number") from exc
    if not number.is_finite():
        raise ValueError(f"{name} must be a finite number")
    return number


def _clean_product(data: dict) -> dict:
    """Validate one product's fields; raises ValidationError with per-field messages."""
    errors: dict[str, list[str]] = {}
    out: dict = {}
    for key in ("sku", "name", "category"):
        if key in data:
            text = str(data[key]).strip()
            if not text:
                errors[key] = [f"{key} is required."]
            out[key] = text
    if "price" in data:
        try:
            price = _decimal(data["price"], "price")
            if price < 0 or price > MAX_PRICE:
                raise ValueError(f"price must be between 0 and {MAX_PRICE}")
            out["price"] = price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        except ValueError as exc:
            errors["price"] = [str(exc)]
    if "currency" in data:
        cur = str(data["currency"]).strip().upper()
        if len(cur) != 3 or not cur.isalpha():
            errors["currency"] = ["currency must be a 3-letter ISO code such as EUR."]
        out["currency"] = cur
    for key in ("valence", "arousal"):
        if key in data:
            try:
                value = float(_decimal(data[key], key))
                if not -1.0 <= value <= 1.0 or math.isnan(value):
                    raise ValueError(f"{key} must be between -1 and 1")
                out[key] = value
            except ValueError as exc:
                errors[key] = [str(exc)]
    if "stock" in data and data["stock"] not in ("", None):
        try:
            stock = _decimal(data["stock"], "stock")
            if stock != stock.to_integral_value() or stock < 0:
                raise ValueError("stock must be a whole number >= 0")
            out["stock"] = int(stock)
        except ValueError as exc:
            errors["stock"] = [str(exc)]
    if "tags" in data:
        tags = data["tags"]
        if isinstance(tags, str):
            tags = [t.strip() for t in tags.replace(",", ";").split(";")]
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            errors["tags"] = ["tags must be a list of words or a ';'-separated string."]
        else:
            out["tags"] = [t.strip().lower() for t in tags if t.strip()][:30]
    if "description" in data:
        out["description"] = str(data["description"] or "").strip()[:5000]
    if "active" in data and data["active"] not in ("", None):
        flag = str(data["active"]).strip().lower()
        if flag not in ("1", "0", "true", "false", "yes", "no"):
            errors["active"] = ["active must be true or false."]
        out["active"] = flag in ("1", "true", "yes")
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def product_create(**data) -> Product:
    """Create a product after validating every field."""
    missing = [k for k in REQUIRED_COLUMNS if k not in data]
    if missing:
        raise ValidationError({k: [f"{k} is required."] for k in missing})
    cleaned = _clean_product(data)
    if Product.objects.filter(sku=cleaned["sku"]).exists():
        raise ValidationError({"sku": ["A product with this SKU already exists."]})
    product = Product(**cleaned)
    product.full_clean()
    product.save()
    transaction.on_commit(snapshot_clear)
    return product


@transaction.atomic
def product_update(*, product: Product, **data) -> Product:
    """Change some of a product's fields (the SKU is its identity and stays)."""
    data.pop("sku", None)
    cleaned = _clean_product(data)
    for key, value in cleaned.items():
        setattr(product, key, value)
    product.full_clean()
    product.save()
    transaction.on_commit(snapshot_clear)
    return product


def _parse_rows(text: str, report: CatalogueImportReport) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        report.errors.append(
            {"row": 1, "field": ",".join(missing), "message": "missing required column(s)"}
        )
        return []
    reader.fieldnames = header
    cleaned_rows, seen = [], {}
    for line, raw in enumerate(reader, start=2):
        report.rows += 1
        if report.rows > MAX_IMPORT_ROWS:
            report.errors.append(
                {"row": line, "field": "", "message": f"more than {MAX_IMPORT_ROWS} rows"}
            )
            break
        if None in raw:
            report.errors.append({"row": line, "field": "", "message": "too many columns"})
            continue
        data = {
            k: (v or "").strip() for k, v in raw.items() if k in REQUIRED_COLUMNS + OPTIONAL_COLUMNS
        }
        try:
            cleaned = _clean_product(data)
        except ValidationError as exc:
            for fname, msgs in exc.message_dict.items():
                report.errors.append({"row": line, "field": fname, "message": "; ".join(msgs)})
            continue
        if cleaned["sku"] in seen:
            report.errors.append(
                {
                    "row": line,
                    "field": "sku",
                    "message": f"duplicate SKU (first on row {seen[cleaned['sku']]})",
                }
            )
            continue
        seen[cleaned["sku"]] = line
        cleaned_rows.append(cleaned)
    return cleaned_rows


def catalogue_import_csv(*, content: bytes | str, dry_run: bool = False) -> CatalogueImportReport:
    """Create or update products from CSV, matched on SKU. Any bad row: nothing is written."""
    report = CatalogueImportReport()
    if isinstance(content, bytes):
        if len(content) > MAX_IMPORT_BYTES:
            raise ApplicationError(
                "The file is larger than 5 MB.",
                code="file_too_large",
                fields={"file": ["too large"]},
            )
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ApplicationError(
                "The file is not UTF-8 text.", code="invalid_file", fields={"file": ["not UTF-8"]}
            ) from exc
    rows = _parse_rows(content, report)
    if not report.errors and not rows:
        report.errors.append({"row": 1, "field": "", "message": "the file has no product rows"})
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        existing = {p.sku: p for p in Product.objects.filter(sku__in=[r["sku"] for r in rows])}
        new = [Product(**row) for row in rows if row["sku"] not in existing]
        Product.objects.bulk_create(new, batch_size=500)
        report.created = len(new)
        for row in rows:
            product = existing.get(row["sku"])
            if product is None:
                continue
            changed = [k for k in PRODUCT_FIELDS if k in row and getattr(product, k) != row[k]]
            if not changed:
                report.unchanged += 1
                continue
            for key in changed:
                setattr(product, key, row[key])
            product.save(update_fields=[*changed, "updated_at"])
            report.updated += 1
        transaction.on_commit(snapshot_clear)
    return report


def catalogue_load_default(*, path: Path | None = None) -> CatalogueImportReport:
    """Load the shipped demo catalogue (data/catalogue-v1.csv) or another CSV file."""
    source = Path(path) if path else DEFAULT_CATALOGUE
    try:
        content = source.read_bytes()
    except OSError as exc:
        raise ApplicationError(
            f"Cannot read {source}: {exc.strerror}.", code="invalid_file"
        ) from exc
    return catalogue_import_csv(content=content)
