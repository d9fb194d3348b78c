"""The vocabulary (sites, capabilities, services, rules, local settings, ranking weights), read
and loaded."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import select

from directory import rules as rule_logic
from directory.errors import InvalidInput
from directory.identity import Identity
from directory.models import CapabilityType, LesionSite, Rule, ServiceType, VocabularyMeta
from directory.services.base import Service
from directory.text import Text

#: The service a case profile means when it names none.
DEFAULT_SERVICE = "bone-cryoablation"


@dataclass(frozen=True)
class Vocabulary:
    version: str
    name: str
    source: str
    sites: list[dict[str, Any]]
    capabilities: list[dict[str, Any]]
    services: list[dict[str, Any]]
    rules: list[dict[str, Any]]
    settings: list[dict[str, Any]]
    ranking: dict[str, Any]

    # Derived views, made once per vocabulary (a Vocabulary is never changed once read).

    @cached_property
    def rule_objects(self) -> list[rule_logic.Rule]:
        return [rule_logic.Rule.from_data(r) for r in self.rules]

    @cached_property
    def setting_objects(self) -> dict[str, rule_logic.Setting]:
        return {
            s["code"]: rule_logic.Setting(s["code"], s["value"], s["unit"], s["label"], s["description"])
            for s in self.settings
        }

    @cached_property
    def labels(self) -> dict[str, str]:
        """Capability code -> label."""
        return {c["code"]: c["label"] for c in self.capabilities}

    @cached_property
    def code_labels(self) -> dict[str, str]:
        """Every code of the vocabulary -> its label: lesion sites, capabilities, services."""
        return {item["code"]: item["label"] for item in (*self.sites, *self.capabilities, *self.services)}

    def service(self, code: str) -> dict[str, Any] | None:
        return next((s for s in self.services if s["code"] == code), None)

    def capability_codes(self, category: str | None = None) -> list[str]:
        return [c["code"] for c in self.capabilities if category is None or c["category"] == category]


_SITE_FIELDS = ("code", "label", "approach", "key_consideration", "adjunct_note", "source")
_CAPABILITY_FIELDS = ("code", "label", "category", "description")
_SERVICE_FIELDS = ("code", "label", "description", "sites", "cost_basis", "context")
_RULE_FIELDS = ("sites", "requires", "requires_field", "condition", "if_unstated", "text", "source")
_SETTING_FIELDS = ("code", "value", "unit", "label", "description")
#: Closed sets a condition may compare a code field with, besides the vocabulary's own codes.
_CODE_VALUES = {"disease_extent": rule_logic.DISEASE_EXTENTS}
#: What the API says a local setting is, wherever it shows one.
LOCAL_SETTING = "A setting of the medical team, not a number from the clinical source."


def fingerprint(data: Mapping[str, Any]) -> str:
    """A short content hash: the vocabulary's version changes exactly when its content does."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def rule_view(code: str, service: str, kind: str, definition: Mapping[str, Any], settings: Any) -> dict[str, Any]:
    """A rule as the API shows it: its data, its condition in words, the local settings it reads."""
    condition = definition.get("condition")
    return {
        "code": code,
        "service": service,
        "kind": kind,
        "sites": list(definition.get("sites") or []),
        "requires": list(definition.get("requires") or []),
        "requires_field": definition.get("requires_field"),
        "condition": condition,
        "applies": rule_logic.describe(condition, settings),
        "if_unstated": definition.get("if_unstated", "apply"),
        "local_settings": rule_logic.settings_used(condition),
        "text": definition["text"],
        "source": definition["source"],
    }


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
            rules = session.scalars(select(Rule).order_by(Rule.position)).all()
        about = meta.get("about", {})
        settings = [
            {**{f: s[f] for f in _SETTING_FIELDS}, "local": True, "note": LOCAL_SETTING}
            for s in meta.get("settings", {}).get("items", [])
        ]
        by_code = {s["code"]: rule_logic.Setting(**{f: s[f] for f in _SETTING_FIELDS}) for s in settings}
        return Vocabulary(
            version=about.get("version", ""),
            name=about.get("name", ""),
            source=about.get("source", ""),
            sites=[{f: getattr(s, f) for f in _SITE_FIELDS} for s in sites],
            capabilities=[{f: getattr(c, f) for f in _CAPABILITY_FIELDS} for c in capabilities],
            services=[{f: getattr(s, f) for f in _SERVICE_FIELDS} for s in services],
            rules=[rule_view(r.code, r.service_code, r.kind, r.definition, by_code) for r in rules],
            settings=settings,
            ranking=meta.get("ranking", {}),
        )

    def record_waivers(
        self,
        identity: Identity,
        service: str,
        site: str,
        waivers: Iterable[tuple[str, str]],
        taken: Iterable[str],
    ) -> None:
        """A coordinator sets required rules aside for one case: allowed to coordinators only
        (a refusal is audited), and each waiver is audited with its reason and whether the
        rule held for the case (``taken``)."""
        waivers, taken = list(waivers), set(taken)
        with self.unit_of_work(identity) as uow:
            uow.authorize("rule.waive", "rule", ",".join(rule for rule, _ in waivers)[:100])
            for rule, reason in waivers:
                context = {"service": service, "lesion_site": site, "applied": rule in taken}
                uow.audit("rule.waive", "rule", rule, changes=context, reason=reason)
            uow.commit()

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
                values = {
                    "label": item["label"],
                    "description": item.get("description", ""),
                    "sites": list(item["sites"]),
                    "cost_basis": item.get("cost_basis", ""),
                    "context": [dict(c) for c in item.get("context", [])],
                }
                _upsert(session, ServiceType, item["code"], values)
            session.flush()
            wanted = {r["code"] for r in data["rules"]}
            for stale in session.scalars(select(Rule).where(Rule.code.not_in(wanted))):
                session.delete(stale)
            for position, rule in enumerate(data["rules"]):
                definition = {f: rule[f] for f in _RULE_FIELDS if f in rule}
                definition.setdefault("if_unstated", "apply")
                values = {"service_code": rule["service"], "kind": rule["kind"], "definition": definition}
                _upsert(session, Rule, rule["code"], {**values, "position": position})
            about = {
                "version": version,
                "name": data["meta"]["name"],
                "source": data["meta"]["source"],
            }
            _upsert(session, VocabularyMeta, "about", {"value": about})
            _upsert(session, VocabularyMeta, "ranking", {"value": dict(data["ranking"])})
            settings = [{f: s[f] for f in _SETTING_FIELDS} for s in data.get("settings", [])]
            _upsert(session, VocabularyMeta, "settings", {"value": {"items": settings}})
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
    """Every reference resolves and every rule says something the engine can read."""
    errors: dict[str, list[str]] = {}
    sites = [s["code"] for s in data.get("sites", [])]
    capabilities = {c["code"] for c in data.get("capabilities", [])}
    services = {s["code"]: list(s.get("sites") or []) for s in data.get("services", [])}
    for code, covered in services.items():
        unknown = [s for s in covered if s not in sites]
        if not covered or unknown:
            errors[f"services.{code}"] = [
                Text("sites must name known lesion sites (unknown: %(unknown)s)", unknown=str(unknown or "none given"))
            ]
    settings: dict[str, rule_logic.Setting] = {}
    for item in data.get("settings", []):
        try:
            settings[item["code"]] = rule_logic.Setting(**{f: item[f] for f in _SETTING_FIELDS})
        except (KeyError, TypeError):
            errors[f"settings.{item.get('code')}"] = [
                Text("a setting has exactly %(fields)s", fields=", ".join(_SETTING_FIELDS))
            ]
            continue
        if isinstance(item["value"], bool) or not isinstance(item["value"], int | float):
            errors[f"settings.{item['code']}"] = [Text("value must be a number")]
    codes = {"lesion_site": sites, "guidance": sorted(capabilities), **_CODE_VALUES}
    seen: set[str] = set()
    for rule in data.get("rules", []):
        problems = rule_logic.rule_problems(rule, services, capabilities, settings, codes)
        if rule.get("code") in seen:
            problems.append(Text("the code is used twice"))
        seen.add(rule.get("code"))
        if problems:
            errors[f"rules.{rule.get('code')}"] = problems
    problems = rule_logic.ranking_problems(data.get("ranking", {}))
    if problems:
        errors["ranking"] = problems
    if errors:
        raise InvalidInput(Text("The vocabulary is not consistent."), errors)
