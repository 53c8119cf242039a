"""Pure pricing arithmetic; nothing here does I/O."""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass
class LineItem:
    """One line on an invoice."""

    sku: str
    unit_price: Decimal
    qty: int

    def total(self) -> Decimal:
        return self.unit_price * self.qty


def apply_discount(amount: Decimal, percent: int) -> Decimal:
    """Reduce amount by percent, rounded to cents."""
    discounted = amount * (Decimal(100 - percent) / 100)
    return discounted.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def invoice_total(items: list[LineItem], percent: int = 0) -> Decimal:
    """Sum of line totals after discount."""
    # A generator over pure methods: nothing to migrate.
    return apply_discount(sum((i.total() for i in items), Decimal(0)), percent)
