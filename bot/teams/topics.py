"""Topics and expert roles (ekspertroller): the default list under Barnets lov, and who covers
what. Services flush and never commit."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from bot.slack.homes import want_home
from models import ExpertRole, Team, TeamMember, Topic, utcnow

# Slack shows at most 75 characters of an option's text; the columns hold no more.
TOPIC_NAME_LIMIT = 75

# (Danish, English), in the order the modal shows them: process, measures, groups and issues.
DEFAULT_TOPICS: tuple[tuple[str, str], ...] = (
    ("Underretninger og screening", "Notifications of concern and screening"),
    ("Afdækning og børnefaglig undersøgelse", "Preliminary and child assessments"),
    ("Børnesamtalen og inddragelse af barnet", "Talking with and involving the child"),
    ("Barnets plan og opfølgning", "The child's plan and follow-up"),
    (
        "Børne- og ungeudvalget, klager og Ankestyrelsen",
        "The children and young people committee, complaints and appeals",
    ),
    ("Tidligt forebyggende indsatser", "Early preventive support"),
    ("Støttende indsatser", "Supportive measures"),
    ("Anbringelse og netværkspleje", "Placement and kinship care"),
    ("Samvær og kontakt", "Contact and visits"),
    ("Hjemgivelse og ophør", "Return home and ending a placement"),
    ("Ungestøtte og overgang til voksenliv", "Support for young people into adulthood"),
    ("Børn og unge med funktionsnedsættelse", "Children and young people with disabilities"),
    ("Overgreb og børnehus", "Abuse and the children's house"),
    ("Vold i nære relationer", "Domestic violence"),
    ("Forældres misbrug", "Parental substance abuse"),
    ("Forældres psykiske sygdom", "Parental mental illness"),
    ("Højkonfliktskilsmisse", "High-conflict divorce"),
    ("Skolefravær og skolegang", "School absence and schooling"),
    ("Ungdomskriminalitet", "Youth crime"),
    (
        "Æresrelaterede konflikter og negativ social kontrol",
        "Honour-related conflicts and negative social control",
    ),
    ("Selvskade, spiseforstyrrelser og mistrivsel", "Self-harm, eating disorders and distress"),
    ("Ufødte børn og sårbare gravide", "Unborn children and vulnerable pregnant women"),
    ("Uledsagede og flygtningebørn", "Unaccompanied and refugee children"),
    ("Metode: ICS og udredningsværktøjet", "Method: ICS and the assessment tool"),
    ("Netværksinddragelse og familierådslagning", "Involving the network, family conferences"),
)


class TopicNameTaken(ValueError):
    """The team already has a topic by that name."""


def topics_of(session: Session, *, team: Team, include_retired: bool = False) -> list[Topic]:
    """The team's topics in list order, seeding the defaults the first time."""
    query = select(Topic).where(Topic.team_id == team.id)
    topics = list(session.scalars(query.order_by(Topic.position, Topic.id)))
    if not topics:
        topics = [
            Topic(team_id=team.id, name_da=da, name_en=en, position=position)
            for position, (da, en) in enumerate(DEFAULT_TOPICS)
        ]
        session.add_all(topics)
        session.flush()
    return [topic for topic in topics if include_retired or topic.retired_at is None]


def topics_by_team(session: Session, *, teams: list[Team]) -> dict[int, list[Topic]] | None:
    """The current topics of several teams in one query that only reads; None when a team
    never had topics (then `seed_topics` gives it the defaults, in a write transaction)."""
    found: dict[int, list[Topic]] = {team.id: [] for team in teams}
    if not teams:
        return found
    query = (
        select(Topic)
        .where(Topic.team_id.in_(found))
        .order_by(Topic.team_id, Topic.position, Topic.id)
    )
    seeded = set()
    for topic in session.scalars(query):
        seeded.add(topic.team_id)
        if topic.retired_at is None:
            found[topic.team_id].append(topic)
    return found if len(seeded) == len(found) else None


class TopicName(NamedTuple):
    """A current topic as a form offers it: its id and its names (a tuple: made by the
    dozen on every form, it costs half a dataclass)."""

    id: int
    name_da: str
    name_en: str

    def name(self, language: str) -> str:
        """The topic's name in the language."""
        return self.name_en if language == "en" else self.name_da


def topic_names_by_team(
    session: Session, *, team_ids: list[int]
) -> dict[int, list[TopicName]] | None:
    """`topics_by_team` with the ids and names only (no topic is loaded as an object): the
    teams' current topics in list order, or None when a team never had topics."""
    found: dict[int, list[TopicName]] = {team_id: [] for team_id in team_ids}
    if not team_ids:
        return found
    seeded = set()
    for team_id, topic_id, name_da, name_en, retired_at in session.execute(
        _topic_names(), {"team_ids": team_ids}
    ):
        seeded.add(team_id)
        if retired_at is None:
            found[team_id].append(TopicName(topic_id, name_da, name_en))
    return found if len(seeded) == len(found) else None


@functools.cache
def _topic_names() -> Select[tuple[int, int, str, str, datetime | None]]:
    """The statement of `topic_names_by_team`, built once: building it costs more than
    running it."""
    return (
        select(Topic.team_id, Topic.id, Topic.name_da, Topic.name_en, Topic.retired_at)
        .where(Topic.team_id.in_(bindparam("team_ids", expanding=True)))
        .order_by(Topic.team_id, Topic.position, Topic.id)
    )


def seed_topics(session: Session, *, team_ids: list[int]) -> None:
    """Give teams that never had topics the default list (in a write transaction)."""
    for team_id in team_ids:
        team = session.get(Team, team_id)
        if team is not None:
            topics_of(session, team=team)


def add_topic(session: Session, *, team: Team, name: str) -> Topic:
    """Add a topic (one name serves both languages until renamed)."""
    existing = topics_of(session, team=team, include_retired=True)
    clash = next((t for t in existing if t.name_da.casefold() == name.casefold()), None)
    if clash is not None and clash.retired_at is None:
        raise TopicNameTaken(name)
    if clash is not None:  # bringing a retired topic back keeps its history
        clash.retired_at = None
        session.flush()
        return clash
    topic = Topic(
        team_id=team.id,
        name_da=name,
        name_en=name,
        position=max((t.position for t in existing), default=0) + 1,
    )
    session.add(topic)
    session.flush()
    return topic


def rename_topic(session: Session, *, topic: Topic, name: str) -> None:
    """Give the topic a new name in both languages."""
    clash = session.scalar(
        select(Topic.id).where(
            Topic.team_id == topic.team_id, Topic.name_da == name, Topic.id != topic.id
        )
    )
    if clash is not None:
        raise TopicNameTaken(name)
    topic.name_da = topic.name_en = name
    session.flush()


def retire_topic(session: Session, *, topic: Topic) -> None:
    """Take the topic off the list; requests and roles keep pointing at it."""
    topic.retired_at = utcnow()
    session.flush()


def set_expert_topics(
    session: Session, *, team: Team, user_id: str, topic_ids: set[int], assigned_by: str
) -> None:
    """Make the person the expert on exactly these of the team's current topics."""
    current = {t.id for t in topics_of(session, team=team)}
    wanted = topic_ids & current
    roles = session.scalars(
        select(ExpertRole).where(ExpertRole.user_id == user_id, ExpertRole.topic_id.in_(current))
    ).all()
    for role in roles:
        if role.topic_id not in wanted:
            session.delete(role)
    have = {role.topic_id for role in roles}
    session.add_all(
        ExpertRole(topic_id=topic_id, user_id=user_id, assigned_by=assigned_by)
        for topic_id in sorted(wanted - have)
    )
    session.flush()
    # Their topics, and the leads' coverage gaps, are on the App Home.
    leads = [m.user_id for m in team.members if m.is_lead and m.left_at is None]
    want_home(session, user_ids=[user_id, *leads])


def expert_topic_ids(
    session: Session, *, team: Team, user_id: str, topics: list[Topic] | None = None
) -> set[int]:
    """The ids of the team's topics the person covers (`topics`: the team's current topics,
    when the caller has read them already)."""
    current = [t.id for t in (topics if topics is not None else topics_of(session, team=team))]
    return set(
        session.scalars(
            select(ExpertRole.topic_id).where(
                ExpertRole.user_id == user_id, ExpertRole.topic_id.in_(current)
            )
        )
    )


@dataclass(frozen=True)
class Coverage:
    """A topic and the members covering it."""

    topic: Topic
    experts: tuple[str, ...]


def coverage(session: Session, *, team: Team) -> list[Coverage]:
    """Who covers each of the team's topics (active members only)."""
    members = {m.user_id for m in team.members if m.left_at is None}
    result = []
    for topic in topics_of(session, team=team):
        experts = session.scalars(
            select(ExpertRole.user_id)
            .where(ExpertRole.topic_id == topic.id)
            .order_by(ExpertRole.id)
        )
        result.append(Coverage(topic, tuple(e for e in experts if e in members)))
    return result


@dataclass(frozen=True)
class TopicCover:
    """One of a team's current topics by name, and the active members covering it."""

    name_da: str
    name_en: str
    experts: tuple[str, ...]

    def name(self, language: str) -> str:
        """The topic's name in the language (as Topic.name)."""
        return self.name_en if language == "en" else self.name_da


def covers_by_team(session: Session, *, team_ids: list[int]) -> dict[int, list[TopicCover]]:
    """Each team's current topics in list order, with who covers them (as `coverage`), read in
    one query that only reads: a team that never had topics gets the defaults `topics_of`
    would give it, not stored here (nobody covers them yet)."""
    rows = session.execute(
        select(Topic.team_id, Topic.id, Topic.name_da, Topic.name_en, Topic.retired_at)
        .add_columns(TeamMember.user_id)
        .outerjoin(ExpertRole, ExpertRole.topic_id == Topic.id)
        .outerjoin(
            TeamMember,
            (TeamMember.team_id == Topic.team_id)
            & (TeamMember.user_id == ExpertRole.user_id)
            & TeamMember.left_at.is_(None),
        )
        .where(Topic.team_id.in_(team_ids))
        .order_by(Topic.team_id, Topic.position, Topic.id, ExpertRole.id)
    )
    seeded: set[int] = set()
    found: dict[int, tuple[int, str, str, list[str]]] = {}
    for team_id, topic_id, name_da, name_en, retired_at, expert in rows:
        seeded.add(team_id)
        if retired_at is None:
            entry = found.setdefault(topic_id, (team_id, name_da, name_en, []))
            if expert is not None:
                entry[3].append(expert)
    covers: dict[int, list[TopicCover]] = {
        team_id: [] if team_id in seeded else [TopicCover(da, en, ()) for da, en in DEFAULT_TOPICS]
        for team_id in team_ids
    }
    for team_id, name_da, name_en, experts in found.values():
        covers[team_id].append(TopicCover(name_da, name_en, tuple(experts)))
    return covers
