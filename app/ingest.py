"""Ingestion: analyses in, cited events stored. One transaction per document.

Each document goes through intake, its own date, extraction and consolidation (app.extraction),
then is stored here: a new event for each event the knowledge base lacks, and a new citation on
each one it already has. A document already ingested (same sha256) changes nothing; a file that
fails leaves nothing behind and the others still go in. Fields an editor changed are never
overwritten, and events an editor deleted or rejected are never brought back.
"""

import copy
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from app.db import retry_when_busy, write_session
from app.extraction.consolidate import Cluster, Shape, Telling, consolidate, same_event
from app.extraction.document_date import DocumentDate, settle_document_date
from app.extraction.events import Candidate, extract_events
from app.extraction.gazetteer import Gazetteer
from app.extraction.intake import IntakeError, read_source
from app.extraction.lexicon import Lexicon
from app.extraction.temporal import DateBounds, parse_date_expression
from app.models import (
    Actor,
    Citation,
    Document,
    Event,
    EventActor,
    EventCountry,
    EventPlace,
    ExtractionNote,
    IngestionRun,
    Place,
    Revision,
)
from app.models.base import utcnow
from app.reference import ReferenceIds, sync_reference_data

# Events at or above this confidence are published straight away; the rest wait for review.
# Chosen from the evaluation on the gold annotation (README, "Evaluation").
PUBLISH_THRESHOLD = 0.6

Progress = Callable[[str, str], None]


@dataclass(frozen=True)
class DocumentInput:
    """A file to ingest and what its caller knows about it (anything unknown left empty)."""

    filename: str
    raw: bytes
    title: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str = ""
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD or YYYY-MM
    published_stated: str | None = None
    content_date: str | None = None
    content_note: str = ""


@dataclass
class IngestSummary:
    documents_new: int = 0
    documents_unchanged: int = 0
    documents_failed: int = 0
    events_new: int = 0
    events_updated: int = 0
    events_merged: int = 0
    events_editor_owned: int = 0
    warnings: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


# The part of a title template that says where to: " from {where}", " in {where}", " to {where}".
_DIRECTIONAL = re.compile(r" (?:from|to|on) \{where\}|(?<=\{who\}) in \{where\}")


def slugify(value: str, limit: int = 60) -> str:
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:limit].rstrip("-") or "untitled"


def _bounds_of(value: str | None, label: str) -> DateBounds | None:
    if not value:
        return None
    try:
        return parse_date_expression(value)
    except ValueError as exc:
        raise IntakeError(f"{label}: {exc}") from None


_RULE_LENGTH: int = Citation.__table__.c["rule"].type.length  # type: ignore[attr-defined]


def _fit(value: str, limit: int) -> str:
    """`value` cut to a column's length. A rule id is the lexicon phrase that fired, and a long
    phrase must not make PostgreSQL refuse the whole document (SQLite would keep it whole)."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _check_lengths(item: DocumentInput) -> None:
    """Refuse, naming the field, a caller's value longer than its column. PostgreSQL would
    refuse it mid-transaction with a DataError that aborts the whole batch (SQLite stores it)."""
    values = {
        "title": item.title,
        "publisher": item.publisher,
        "url": item.url,
        "published_stated": item.published_stated,
        "filename": item.filename.rsplit("/", 1)[-1],
    }
    for name, value in values.items():
        limit = Document.__table__.c[name].type.length  # type: ignore[attr-defined]
        if value and limit and len(value) > limit:
            raise IntakeError(
                f"{item.filename}: the {name} is {len(value):,} characters long; "
                f"the limit is {limit:,}"
            )


def _unique_slug(session: Session, model: type[Event] | type[Document], base: str) -> str:
    taken = set(session.exec(select(model.slug).where(col(model.slug).startswith(base))).all())
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


class Ingestor:
    """Stores what extraction finds. One instance per run; `ingest` may be called once."""

    def __init__(
        self,
        engine: Engine,
        *,
        gazetteer: Gazetteer,
        lexicon: Lexicon,
        started_by: str = "cli",
        progress: Progress | None = None,
    ) -> None:
        self.engine = engine
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.started_by = started_by
        self.progress = progress or (lambda _name, _stage: None)
        self.summary = IngestSummary()
        self.run_id: int | None = None

    def ingest(self, inputs: Iterable[DocumentInput], run_id: int | None = None) -> IngestSummary:
        """Ingest `inputs` as one run: the IngestionRun `run_id` when the caller made it
        (the admin, to show its progress at once), else a new one."""
        self.run_id = run_id if run_id is not None else self._start_run()
        for item in inputs:
            try:
                self._ingest_one(item)
            except IntakeError as exc:
                self.summary.documents_failed += 1
                self.summary.failures.append(str(exc))
                self.progress(item.filename, "failed")
        self._finish_run()
        return self.summary

    # Every write of a run waits its turn for SQLite's lock, and runs again when another
    # process held it too long (app.db): ingestion runs beside editors and the admin.
    @retry_when_busy
    def _start_run(self) -> int:
        with write_session(self.engine) as session:
            run = IngestionRun(started_by=self.started_by)
            session.add(run)
            session.commit()
            assert run.id is not None
            return run.id

    @retry_when_busy
    def _finish_run(self) -> None:
        with write_session(self.engine) as session:
            stored = session.get(IngestionRun, self.run_id)
            assert stored is not None
            stored.finished_at = utcnow()
            stored.summary = self.summary.as_dict()
            session.add(stored)
            session.commit()

    # One document, one transaction: any failure rolls the whole document back. The reading
    # and extraction happen before it, so that the write lock is held only to store.
    def _ingest_one(self, item: DocumentInput) -> None:
        self.progress(item.filename, "reading")
        source = read_source(item.raw, item.filename)
        _check_lengths(item)
        stated = _bounds_of(item.published, f"{item.filename}: --published")
        corrected = _bounds_of(item.content_date, f"{item.filename}: content date")
        if self._known(source.sha256):
            self.summary.documents_unchanged += 1
            self.progress(item.filename, "unchanged")
            return
        self.progress(item.filename, "dating")
        when = settle_document_date(
            source.text,
            self.lexicon,
            stated=stated,
            stated_text=item.published_stated or item.published,
            corrected=corrected,
            correction_note=item.content_note,
        )
        self.progress(item.filename, "extracting")
        extraction = extract_events(
            source.text,
            document_date=when.reference,
            gazetteer=self.gazetteer,
            lexicon=self.lexicon,
            date_known=when.bounds is not None,
            day_known=when.source != "inferred"
            and when.bounds is not None
            and when.bounds.precision == "day",
        )
        clusters = consolidate([Telling(source.sha256, c) for c in extraction.candidates])
        self.progress(item.filename, "storing")
        before = copy.deepcopy(self.summary)

        @retry_when_busy
        def store() -> str | None:
            # A retried attempt starts from the counts before the first: nothing it counted
            # was committed.
            self.summary = copy.deepcopy(before)
            with write_session(self.engine) as session:
                if session.exec(
                    select(Document.id).where(Document.sha256 == source.sha256)
                ).first():
                    return None  # stored meanwhile by another run
                ids = sync_reference_data(session, self.gazetteer)
                document = self._add_document(
                    session, item, source.text, source.media_type, source.sha256, when
                )
                assert document.id is not None
                for cluster in clusters:
                    self._store(session, document.id, cluster, ids)
                session.add_all(
                    ExtractionNote(
                        document_id=document.id,
                        run_id=self.run_id,
                        char_start=n.start,
                        char_end=n.end,
                        reason=n.reason,
                    )
                    for n in extraction.notes
                )
                session.commit()
                return document.slug

        slug = store()
        if slug is None:
            self.summary.documents_unchanged += 1
            self.progress(item.filename, "unchanged")
            return
        self.summary.warnings.extend(f"{item.filename}: {w}" for w in when.warnings)
        self.summary.documents_new += 1
        self.summary.documents.append(slug)
        self.progress(item.filename, "done")

    def _known(self, sha256: str) -> bool:
        with Session(self.engine) as session:
            found = session.exec(select(Document.id).where(Document.sha256 == sha256)).first()
            return found is not None

    def _add_document(
        self,
        session: Session,
        item: DocumentInput,
        text: str,
        media_type: str,
        sha256: str,
        when: DocumentDate,
    ) -> Document:
        stem = item.filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        document = Document(
            slug=_unique_slug(session, Document, slugify(stem, 120)),
            title=item.title or stem,
            authors=list(item.authors),
            publisher=item.publisher,
            url=item.url or None,
            published_stated=when.stated_text,
            published=when.bounds.start if when.bounds else None,
            published_precision=when.bounds.precision if when.bounds else "day",
            published_source=when.source,
            date_warnings=list(when.warnings),
            filename=item.filename.rsplit("/", 1)[-1],
            media_type=media_type,
            sha256=sha256,
            text=text,
        )
        session.add(document)
        session.flush()
        return document

    # -- events --------------------------------------------------------------------------

    def _title(self, candidate: Candidate) -> str:
        """The lexicon's title template filled in: {who} is the first actor (else the first
        country), {where} the first place (else the other countries), {parties} the actors.
        A directional template ("{noun} of {who} from {where}") takes its names from the
        clause's words (app.extraction.titles), and leaves out what the clause does not say."""
        g = self.gazetteer
        template = candidate.title_template
        actors = [g.actors[a] for a, _ in candidate.actors if a in g.actors]
        countries = [c for c in candidate.countries if c in g.countries]
        places = [g.places[p].name for p in candidate.places if p in g.places]
        parties = [a.name for a in actors[:3]] or [g.countries[c].name for c in countries[:3]]
        if _DIRECTIONAL.search(template):
            who, where = self._name(candidate.title_who), self._name(candidate.title_where)
            if not who:
                template = template.replace(" of {who}", "")
            if not where:
                template = _DIRECTIONAL.sub("", template)
            if "{who}" not in template and "{where}" not in template and not (who or where):
                # Neither said: the noun and the parties, as the other neutral titles.
                template = "{noun}: {parties}" if parties else "{noun}"
        else:
            who_country = actors[0].country if actors else (countries[0] if countries else "")
            who = (
                actors[0].name if actors else (g.countries[who_country].name if who_country else "")
            )
            # {where} leaves out the country of {who} when the title names both: never
            # "Withdrawal of France from France" (with no other country it says the region).
            names_who = "{who}" in template
            others = [g.countries[c].name for c in countries if not names_who or c != who_country]
            named_place = places[0] if places and candidate.place_in_title else ""
            where = (
                named_place
                or " and ".join(others[: candidate.title_countries])
                or (places[0] if places else "the Sahel")
            )
        title = template.format(
            who=who or "forces",
            where=where,
            parties=", ".join(parties) or where,
            noun=candidate.noun or candidate.type.replace("_", " ").capitalize(),
        )
        return title[:1].upper() + title[1:]

    def _name(self, reference: str) -> str:
        """The display name of an "actor:ID", "country:CODE" or "place:ID" reference."""
        kind, _, key = reference.partition(":")
        g = self.gazetteer
        if kind == "actor" and key in g.actors:
            return g.actors[key].name
        if kind == "country" and key in g.countries:
            return g.countries[key].name
        if kind == "place" and key in g.places:
            return g.places[key].name
        return ""

    def _fields(self, cluster: Cluster) -> dict[str, Any]:
        best = cluster.best
        confidences = sorted((t.candidate.confidence for t in cluster.tellings), reverse=True)
        confidence = round(min(0.99, confidences[0] + 0.05 * (len(confidences) - 1)), 2)
        tolls = [t.candidate.toll for t in cluster.tellings if t.candidate.toll]
        toll_best = best.toll or (tolls[0] if tolls else None)
        counts = [t.best for t in tolls]
        return {
            "title": self._title(best),
            "summary": best.summary,
            "type": best.type,
            "date_start": best.bounds.start,
            "date_end": best.bounds.end,
            "precision": best.bounds.precision,
            "edtf": best.bounds.edtf,
            "status": "published" if confidence >= PUBLISH_THRESHOLD else "candidate",
            "occurrence": best.occurrence,
            "confidence": confidence,
            "fatalities_best": toll_best.best if toll_best else None,
            "fatalities_low": min(counts)
            if len(set(counts)) > 1
            else (toll_best.low if toll_best else None),
            "fatalities_high": max(counts)
            if len(set(counts)) > 1
            else (toll_best.high if toll_best else None),
            "flags": cluster.flags,
        }

    def _existing_match(self, session: Session, shape: Shape, document_id: int) -> Event | None:
        slack = timedelta(days=3)
        rows = session.exec(
            select(Event)
            .where(
                Event.type == shape.type,
                Event.occurrence == shape.occurrence,
                col(Event.date_start) <= shape.bounds.end + slack,
                col(Event.date_end) >= shape.bounds.start - slack,
            )
            .order_by(col(Event.id))
        ).all()
        if not rows:
            return None
        # The links of every candidate at once: four queries however many events are near.
        ids = [e.id for e in rows]
        countries = _grouped(
            session,
            select(EventCountry.event_id, EventCountry.country_code).where(
                col(EventCountry.event_id).in_(ids)
            ),
        )
        actors = _grouped(
            session,
            select(EventActor.event_id, Actor.slug)
            .join(Actor, col(Actor.id) == EventActor.actor_id)
            .where(col(EventActor.event_id).in_(ids)),
        )
        places = _grouped(
            session,
            select(EventPlace.event_id, Place.slug)
            .join(Place, col(Place.id) == EventPlace.place_id)
            .where(col(EventPlace.event_id).in_(ids)),
        )
        sources = _grouped(
            session,
            select(Citation.event_id, Citation.document_id).where(col(Citation.event_id).in_(ids)),
        )
        for event in rows:
            assert event.id is not None
            stored = Shape(
                event.type,
                event.occurrence,
                DateBounds(
                    event.date_start,
                    event.date_end,
                    event.precision,  # type: ignore[arg-type]
                    event.edtf,
                ),
                frozenset(countries.get(event.id, ())),
                frozenset(actors.get(event.id, ())),
                frozenset(places.get(event.id, ())),
            )
            if same_event(stored, shape, one_document=sources.get(event.id) == {document_id}):
                return event
        return None

    def _editor_fields(self, session: Session, event_id: int) -> set[str]:
        revisions = session.exec(
            select(Revision.changes).where(
                Revision.event_id == event_id, col(Revision.author_kind).in_(["editor", "api"])
            )
        ).all()
        return {name for changes in revisions for name in changes}

    def _store(
        self, session: Session, document_id: int, cluster: Cluster, ids: ReferenceIds
    ) -> None:
        fields = self._fields(cluster)
        existing = self._existing_match(session, cluster.shape, document_id)
        if existing is None:
            event = Event(
                slug=_unique_slug(
                    session, Event, f"{fields['date_start']:%Y-%m-%d}-{slugify(fields['title'])}"
                ),
                **fields,
            )
            session.add(event)
            session.flush()
            assert event.id is not None
            self._revise(
                session, event, "create", {k: [None, _plain(v)] for k, v in fields.items()}
            )
            self.summary.events_new += 1
        else:
            event = existing
            assert event.id is not None
            self._merge_into(session, event, fields)
        self._link(session, event, document_id, cluster, ids, new=existing is None)

    def _merge_into(self, session: Session, event: Event, fields: dict[str, Any]) -> None:
        """A new telling of a stored event: refine its date when more precise and consistent."""
        assert event.id is not None
        owned = self._editor_fields(session, event.id)
        if event.status in ("deleted", "rejected") or owned:
            self.summary.events_editor_owned += 1
        if event.status in ("deleted", "rejected"):
            return
        changes: dict[str, list[Any]] = {}
        narrower = (fields["date_end"] - fields["date_start"]) < (event.date_end - event.date_start)
        inside = event.date_start <= fields["date_start"] and fields["date_end"] <= event.date_end
        updates: dict[str, Any] = {}
        if narrower and inside:
            updates.update({k: fields[k] for k in ("date_start", "date_end", "precision", "edtf")})
        if not (event.date_start <= fields["date_end"] and fields["date_start"] <= event.date_end):
            updates["flags"] = sorted(set(event.flags) | {"dates_disagree"})
        if fields["fatalities_best"] is not None and event.fatalities_best is None:
            updates["fatalities_best"] = fields["fatalities_best"]
        elif fields["fatalities_best"] not in (None, event.fatalities_best):
            counts = [fields["fatalities_best"], event.fatalities_best]
            updates.update(
                {
                    "fatalities_low": min(counts),
                    "fatalities_high": max(counts),
                    "flags": sorted(
                        set(updates.get("flags", event.flags)) | {"fatalities_disagree"}
                    ),
                }
            )
        confidence = round(min(0.99, max(event.confidence, fields["confidence"]) + 0.05), 2)
        updates["confidence"] = confidence
        if event.status == "candidate" and confidence >= PUBLISH_THRESHOLD:
            updates["status"] = "published"
        for name, value in updates.items():
            if name in owned or getattr(event, name) == value:
                continue
            changes[name] = [_plain(getattr(event, name)), _plain(value)]
            setattr(event, name, value)
        self.summary.events_merged += 1
        if changes:
            event.version += 1
            event.updated_at = utcnow()
            session.add(event)
            self._revise(session, event, "update", changes)
            self.summary.events_updated += 1

    def _link(
        self,
        session: Session,
        event: Event,
        document_id: int,
        cluster: Cluster,
        ids: ReferenceIds,
        *,
        new: bool,
    ) -> None:
        assert event.id is not None
        have_countries: set[str] = set()
        have_actors: set[tuple[int, str]] = set()
        have_places: set[int] = set()
        have_quotes: set[tuple[int, int]] = set()
        if not new:  # an event just created has no links yet: nothing to ask
            have_countries = set(
                session.exec(
                    select(EventCountry.country_code).where(EventCountry.event_id == event.id)
                ).all()
            )
            have_actors = set(
                session.exec(
                    select(EventActor.actor_id, EventActor.role).where(
                        EventActor.event_id == event.id
                    )
                ).all()
            )
            have_places = set(
                session.exec(
                    select(EventPlace.place_id).where(EventPlace.event_id == event.id)
                ).all()
            )
            have_quotes = set(
                session.exec(
                    select(Citation.char_start, Citation.char_end).where(
                        Citation.event_id == event.id, Citation.document_id == document_id
                    )
                ).all()
            )
        for telling in cluster.tellings:
            c = telling.candidate
            for code in c.countries:
                if code not in have_countries and code in self.gazetteer.countries:
                    have_countries.add(code)
                    session.add(EventCountry(event_id=event.id, country_code=code))
            for slug, role in c.actors:
                actor_id = ids.actors.get(slug)
                if actor_id is not None and (actor_id, role) not in have_actors:
                    have_actors.add((actor_id, role))
                    session.add(EventActor(event_id=event.id, actor_id=actor_id, role=role))
            for slug in c.places:
                place_id = ids.places.get(slug)
                if place_id is not None and place_id not in have_places:
                    have_places.add(place_id)
                    session.add(EventPlace(event_id=event.id, place_id=place_id))
            if (c.quote_start, c.quote_end) not in have_quotes:
                have_quotes.add((c.quote_start, c.quote_end))
                session.add(
                    Citation(
                        event_id=event.id,
                        document_id=document_id,
                        quote=c.quote,
                        char_start=c.quote_start,
                        char_end=c.quote_end,
                        rule=_fit(c.rule, _RULE_LENGTH),
                        reading_start=c.bounds.start,
                        reading_end=c.bounds.end,
                        reading_precision=c.bounds.precision,
                        reading_edtf=c.bounds.edtf,
                        reading_fatalities=c.toll.best if c.toll else None,
                    )
                )
        session.flush()

    def _revise(self, session: Session, event: Event, action: str, changes: dict[str, Any]) -> None:
        assert event.id is not None
        session.add(
            Revision(
                event_id=event.id,
                author_kind="ingestion",
                author=f"run {self.run_id}",
                run_id=self.run_id,
                action=action,
                changes=changes,
                event_version=event.version,
            )
        )


_V = TypeVar("_V")


def _grouped(session: Session, statement: Select[int, _V]) -> dict[int, set[_V]]:
    """The second column of (event id, value) rows, grouped by event id."""
    grouped: dict[int, set[_V]] = {}
    for event_id, value in session.exec(statement):
        grouped.setdefault(event_id, set()).add(value)
    return grouped


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of a field value for the revision log."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
