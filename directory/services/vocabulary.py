"""The vocabulary (sites, capabilities, services, rules, ranking weights), read and loaded."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from directory import rules as rule_logic
from directory.errors import InvalidInput
from directory.identity import Identity
from directory.models import CapabilityType, LesionSite, ServiceType, SiteRule, VocabularyMeta
from directory.services.base import Service


@dataclass(frozen=True)
class Vocabulary:
    version: str
    name: str
    source: str
    sites: list[dict[str, Any]]
    capabilities: list[dict[str, Any]]
    services: list[dict[str, Any]]
    rules: list[dict[str, Any]]
    ranking: dict[str, Any]

    def rule_objects(self) -> list[rule_logic.Rule]:
        return [
            rule_logic.Rule(
                code=r["code"],
                site=r["site"],
                requires=r["requires"],
                kind=r["kind"],
                condition=r["condition"],
                reason=r["reason"],
                source=r["source"],
            )
            for r in self.rules
        ]

    def label(self, capability_code: str) -> str:
        return next((c["label"] for c in self.capabilities if c["code"] == capability_code), capability_code)


_SITE_FIELDS = ("code", "label", "approach", "key_consideration", "adjunct_note", "source")
_CAPABILITY_FIELDS = ("code", "label", "category", "description")
_SERVICE_FIELDS = ("code", "label", "description")


def fingerprint(data: Mapping[str, Any]) -> str:
    """A short content hash: the vocabulary's version changes exactly when its content does."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


@dataclass
class VocabularyService(Service):
    def version(self) -> str:
        """The version in force (one small query: cheap enough to check on every match)."""
        with self.db.read() as connection:
            about = connection.scalar(select(VocabularyMeta.value).where(VocabularyMeta.key == "about"))
            return about.get("version", "") if about else ""

    def read(self) -> Vocabulary:
        with self.db.session() as session:
            meta = {m.key: m.value for m in session.scalars(select(VocabularyMeta))}
            sites = session.scalars(select(LesionSite).order_by(LesionSite.position)).all()
            capabilities = session.scalars(select(CapabilityType).order_by(CapabilityType.code)).all()
            services = session.scalars(select(ServiceType).order_by(ServiceType.code)).all()
            rules = session.scalars(select(SiteRule).order_by(SiteRule.position)).all()
        about = meta.get("about", {})
        return Vocabulary(
            version=about.get("version", ""),
            name=about.get("name", ""),
            source=about.get("source", ""),
            sites=[{f: getattr(s, f) for f in _SITE_FIELDS} for s in sites],
            capabilities=[{f: getattr(c, f) for f in _CAPABILITY_FIELDS} for c in capabilities],
            services=[{f: getattr(s, f) for f in _SERVICE_FIELDS} for s in services],
            rules=[
                {
                    "code": r.code,
                    "site": r.site_code,
                    "requires": r.requires,
                    "kind": r.kind,
                    "condition": r.condition,
                    "applies": rule_logic.describe(r.condition),
                    "reason": r.reason,
                    "source": r.source,
                }
                for r in rules
            ],
            ranking=meta.get("ranking", {}),
        )

    def load(self, identity: Identity, data: Mapping[str, Any]) -> bool:
        """Make the stored vocabulary equal ``data``; return whether anything changed.

        Entries are upserted by code; rules no longer in the data are removed (sites,
        capabilities and services stay, since centres may still refer to them).
        """
        _validate(data)
        version = fingerprint(data)
        with self.unit_of_work(identity) as uow:
            uow.authorize("vocabulary.load", "vocabulary", data["meta"]["name"])
            session = uow.session
            current = session.get(VocabularyMeta, "about")
            if current is not None and current.value.get("version") == version:
                return False
            for position, site in enumerate(data["sites"]):
                _upsert(session, LesionSite, site["code"], {**_pick(site, _SITE_FIELDS), "position": position})
            for item in data["capabilities"]:
                _upsert(session, CapabilityType, item["code"], _pick(item, _CAPABILITY_FIELDS))
            for item in data["services"]:
                _upsert(session, ServiceType, item["code"], _pick(item, _SERVICE_FIELDS))
            session.flush()
            wanted = {r["code"] for r in data["rules"]}
            for stale in session.scalars(select(SiteRule).where(SiteRule.code.not_in(wanted))):
                session.delete(stale)
            for position, rule in enumerate(data["rules"]):
                _upsert(
                    session,
                    SiteRule,
                    rule["code"],
                    {
                        "site_code": rule["site"],
                        "requires": rule["requires"],
                        "kind": rule["kind"],
                        "condition": rule.get("condition"),
                        "reason": rule["reason"],
                        "source": rule["source"],
                        "position": position,
                    },
                )
            about = {
                "version": version,
                "name": data["meta"]["name"],
                "source": data["meta"]["source"],
            }
            _upsert(session, VocabularyMeta, "about", {"value": about})
            _upsert(session, VocabularyMeta, "ranking", {"value": dict(data["ranking"])})
            uow.audit(
                "vocabulary.load",
                "vocabulary",
                data["meta"]["name"],
                changes={"version": {"from": current.value.get("version") if current else None, "to": version}},
            )
            uow.publish("vocabulary", data["meta"]["name"], None)
            uow.commit()
            return True


def _pick(item: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: item.get(f, "") for f in fields if f != "code"}


def _upsert(session: Any, model: type, key: str, values: Mapping[str, Any]) -> None:
    row = session.get(model, key)
    if row is None:
        pk = model.__mapper__.primary_key[0].name  # type: ignore[attr-defined]
        session.add(model(**{pk: key}, **values))
        return
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def _validate(data: Mapping[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    sites = {s["code"] for s in data.get("sites", [])}
    capabilities = {c["code"] for c in data.get("capabilities", [])}
    for rule in data.get("rules", []):
        problems = []
        if rule.get("site") not in sites:
            problems.append(f"unknown site {rule.get('site')!r}")
        if rule.get("requires") not in capabilities:
            problems.append(f"unknown capability {rule.get('requires')!r}")
        if rule.get("kind") not in ("required", "advisory"):
            problems.append(f"unknown kind {rule.get('kind')!r}")
        try:
            rule_logic.validate_condition(rule.get("condition"))
        except ValueError as exc:
            problems.append(str(exc))
        if problems:
            errors[f"rules.{rule.get('code')}"] = problems
    problems = rule_logic.ranking_problems(data.get("ranking", {}))
    if problems:
        errors["ranking"] = problems
    if errors:
        raise InvalidInput("The vocabulary is not consistent.", errors)
