"""Exchange rates: what a unit of a currency is worth in USD, as of a date, from a source."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api import schemas
from api.oauth import current_identity, requires
from api.resources import Blueprint, services

blp = Blueprint(
    "rates", __name__, url_prefix="/v1/exchange-rates", description="Exchange rates to USD, for comparing costs."
)


@blp.route("")
class Rates(MethodView):
    @blp.doc(operationId="listExchangeRates")
    @requires("centres:read")
    @blp.response(200, schemas.ExchangeRateListSchema)
    def get(self) -> Any:
        """The exchange rates in force. A cost in a currency without one is unknown in USD.

        Every role may call it (scope centres:read). Answers every rate with its date, its
        source, who set it and when."""
        return {"items": services().rates.list()}


CURRENCY = {
    "in": "path",
    "name": "currency",
    "description": "An ISO 4217 currency code, in capitals. USD is the base: it has no rate.",
    "example": "CNY",
}


@blp.route("/<currency:currency>", parameters=[CURRENCY])
class RateResource(MethodView):
    @blp.doc(operationId="getExchangeRate")
    @requires("centres:read")
    @blp.response(200, schemas.ExchangeRateSchema)
    def get(self, currency: str) -> Any:
        """One currency's rate.

        Every role may call it (scope centres:read). Answers the rate with its date and source;
        a currency without a rate (USD included) is a 404."""
        return services().rates.get(currency)

    @blp.doc(operationId="putExchangeRate")
    @requires("rates:write")
    @blp.arguments(schemas.ExchangeRateInputSchema)
    @blp.response(200, schemas.ExchangeRateSchema)
    @blp.alt_response(201, schema=schemas.ExchangeRateSchema, description="A rate for a new currency.")
    def put(self, data: dict[str, Any], currency: str) -> Any:
        """Set a currency's rate (admin). Matching uses it at once: costs and budgets in the
        currency are converted with it, and every result shows the rate and its date.

        Admins only (scope rates:write). Answers the rate: 201 for a currency that had none, 200
        when it replaces one. A rate for USD, or dated in the future, is a 422."""
        rate, created = services().rates.set(
            current_identity(), currency, data["usd_per_unit"], data["as_of"], data["source"]
        )
        return rate, 201 if created else 200
