"""Exchange rates: how many US dollars one unit of a currency is worth, as of a date, from a
source. Set by an admin; read by everyone who compares costs. A cost in a currency without a
rate is unknown in USD: never converted with a guess."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from directory.db import utcnow
from directory.errors import InvalidInput, NotFound
from directory.identity import Identity
from directory.models import ExchangeRate
from directory.services.base import Service
from directory.text import Text

#: The currency every comparison is made in.
BASE = "USD"


@dataclass(frozen=True)
class Rate:
    currency: str
    usd_per_unit: float
    as_of: date
    source: str

    def to_usd(self, amount: float | None) -> float | None:
        return None if amount is None else round(amount * self.usd_per_unit, 2)

    def as_dict(self) -> dict[str, object]:
        return {
            "currency": self.currency,
            "usd_per_unit": self.usd_per_unit,
            "as_of": self.as_of.isoformat(),
            "source": self.source,
        }


#: USD in USD: no rate needed, and none can be set.
USD = Rate(BASE, 1.0, date(1970, 1, 1), "The base currency.")


@dataclass
class RateService(Service):
    def current(self) -> dict[str, Rate]:
        """Every rate in force, by currency (USD included)."""
        with self.db.session() as session:
            rows = session.scalars(select(ExchangeRate).order_by(ExchangeRate.currency)).all()
        return {BASE: USD, **{r.currency: Rate(r.currency, r.usd_per_unit, r.as_of, r.source) for r in rows}}

    def list(self) -> list[ExchangeRate]:
        with self.db.session() as session:
            return list(session.scalars(select(ExchangeRate).order_by(ExchangeRate.currency)))

    def get(self, currency: str) -> ExchangeRate:
        with self.db.session() as session:
            rate = session.get(ExchangeRate, currency)
        if rate is None:
            raise NotFound(Text("No exchange rate for %(currency)s.", currency=currency))
        return rate

    def set(
        self, identity: Identity, currency: str, usd_per_unit: float, as_of: date, source: str
    ) -> tuple[ExchangeRate, bool]:
        """Set a currency's rate; returns the rate and whether it was new."""
        if currency == BASE:
            raise InvalidInput(Text("USD is the base currency."), {"currency": [Text("USD needs no rate.")]})
        if as_of > utcnow().date():
            raise InvalidInput(
                Text("A rate cannot be as of a future date."), {"as_of": [Text("Must not be in the future.")]}
            )
        with self.unit_of_work(identity) as uow:
            uow.authorize("rate.set", "exchange-rate", currency)
            rate = uow.session.get(ExchangeRate, currency)
            before: Mapping[str, object] | None = None
            created = rate is None
            if rate is None:
                rate = ExchangeRate(currency=currency)
                uow.session.add(rate)
            else:
                before = {"usd_per_unit": rate.usd_per_unit, "as_of": rate.as_of.isoformat(), "source": rate.source}
            rate.usd_per_unit, rate.as_of, rate.source = usd_per_unit, as_of, source
            rate.set_by, rate.updated_at = identity.label, utcnow()
            after = {"usd_per_unit": usd_per_unit, "as_of": as_of.isoformat(), "source": source}
            uow.audit("rate.set", "exchange-rate", currency, changes={"from": before, "to": after})
            # Every document holding a cost in this currency changes: the search side rebuilds.
            uow.publish("exchange-rates", currency, None)
            uow.commit()
            return rate, created
