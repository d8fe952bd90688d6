"""What a person's App Home shows, read from the database in one go (no Slack calls here).

Only metadata reaches the home: people, topics, statuses, dates, the team's rules (team policy)
and statistics (counts). A request's case text and question are never read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.i18n import Language, t
from bot.home import stats
from bot.meetings.service import next_day, queue_lines, settings_of, when
from bot.pairing.blocks import buddy_lines
from bot.pairing.buddies import groups_of
from bot.requests.blocks import recipients_text, request_status_line, topic_name
from bot.requests.choices import Route
from bot.requests.listing import Listed, open_request_lines
from bot.rules.model import brief
from bot.rules.service import current_rules
from bot.slack.mrkdwn import escape, format_day, join_people
from bot.teams.participation import pause_state
from bot.teams.service import teams_led_for_user
from bot.teams.topics import TopicCover, covers_by_team
from models import (
    ProposalStatus,
    RequestStatus,
    RulesProposal,
    Team,
)

# At most this many teams are shown in full: the home stays under Slack's 100 blocks.
MAX_TEAMS = 5


@dataclass
class TeamPart:
    """One of the person's teams on their home."""

    team_id: int
    channel_id: str
    name: str
    lead: bool
    expert_topics: list[str]
    rules: list[str]
    rules_version: int | None
    meeting: str | None
    queue: list[str]
    # Buddy pairs are on in this team: the home offers *Spring næste periode over*.
    in_pairs: bool = False
    gaps: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    stats: list[str] = field(default_factory=list)
    chart: dict[str, object] | None = None
    chart_file_id: str | None = None


@dataclass
class HomeContent:
    """Everything the App Home builder needs."""

    buddies: list[str]
    paused: bool
    paused_until: date | None
    sent: list[str]
    waiting: list[str]
    teams: list[TeamPart]


def gather(
    session: Session,
    *,
    user_id: str,
    language: Language,
    today: date,
    now: datetime,
    tz: ZoneInfo,
    is_admin: bool,
) -> HomeContent:
    """Read the person's home from the database."""
    sent, waiting = open_request_lines(session, user_id=user_id)
    paused, until = pause_state(session, user_id=user_id, on=today)
    teams = teams_led_for_user(session, user_id=user_id)[:MAX_TEAMS]
    topics = covers_by_team(session, team_ids=[team.id for team, _lead in teams])
    return HomeContent(
        buddies=buddy_lines(
            language, user_id=user_id, groups=groups_of(session, user_id=user_id, on=today)
        ),
        paused=paused,
        paused_until=until,
        sent=[sent_line(r, language, tz) for r in sent],
        waiting=[waiting_line(r, language, tz) for r in waiting],
        teams=[
            _team_part(
                session,
                team,
                topics[team.id],
                user_id,
                language,
                today,
                now,
                # As teams.participation.is_lead, from the person's own membership.
                lead=is_admin or leads,
            )
            for team, leads in teams
        ],
    )


def _day(request: Listed, tz: ZoneInfo) -> str:
    return format_day(request.created_at.astimezone(tz).date())


def sent_line(request: Listed, language: Language, tz: ZoneInfo) -> str:
    """A request the person sent: its status, with whom it is, when, and the next step."""
    status = request_status_line(request)
    back = not request.recipient_ids and bool(request.asked_ids)
    if back:
        # Everyone passed it back: it is with its requester, not with "the whole team".
        line = t("home.item_back", language, status=status, date=_day(request, tz))
        step = t("home.next.back", language)
    else:
        people = recipients_text(language, request)
        line = t("home.item", language, status=status, people=people, date=_day(request, tz))
        step = _sent_step(request, language)
    return f"• {line}\n      _{t('home.next', language)}_ {step}"


def _sent_step(request: Listed, language: Language) -> str:
    if request.status == RequestStatus.ANSWERED:
        return t("home.next.close", language)
    if request.status == RequestStatus.ACCEPTED and request.accepted_by:
        return t("home.next.on_it", language, helper=f"<@{request.accepted_by}>")
    if request.route == Route.MEETING:
        return t("home.next.meeting", language)
    if not request.recipient_ids:
        return t("home.next.team_waiting", language)
    return t("home.next.wait_take", language, people=join_people(language, request.recipient_ids))


def waiting_line(request: Listed, language: Language, tz: ZoneInfo) -> str:
    """A request waiting for the person: from whom, its status, and what they can do."""
    status = request_status_line(request)
    line = t(
        "home.item_waiting",
        language,
        status=status,
        people=f"<@{request.requester_id}>",
        date=_day(request, tz),
    )
    topic = topic_name(request)
    if topic:
        line += f" · {escape(topic)}"
    key = {
        RequestStatus.ACCEPTED: "home.next.answer",
        RequestStatus.ANSWERED: "home.next.answered",
    }.get(RequestStatus(request.status), "home.next.take")
    step = t(key, language, requester=f"<@{request.requester_id}>")
    return f"• {line}\n      _{t('home.next', language)}_ {step}"


def _team_part(
    session: Session,
    team: Team,
    topics: list[TopicCover],
    user_id: str,
    language: Language,
    today: date,
    now: datetime,
    *,
    lead: bool,
) -> TeamPart:
    rules, version = current_rules(session, team=team)
    meeting, queue = _meeting(session, team, language, now)
    part = TeamPart(
        team_id=team.id,
        channel_id=team.channel_id,
        name=team.name,
        lead=lead,
        # The person is an active member of the team: their roles all count.
        expert_topics=[topic.name(language) for topic in topics if user_id in topic.experts],
        rules=brief(rules, language) if version is not None else [],
        rules_version=version.version if version is not None else None,
        meeting=meeting,
        queue=queue,
        in_pairs=team.pairing_enabled,
    )
    if part.lead:
        part.gaps = [topic.name(language) for topic in topics if not topic.experts]
        part.proposals = [
            t(
                "home.proposal",
                language,
                user=f"<@{proposal.proposed_by}>",
                date=format_day(proposal.created_at.date()),
                count=len(proposal.supporters or []),
            )
            for proposal in session.scalars(
                select(RulesProposal)
                .where(
                    RulesProposal.team_id == team.id,
                    RulesProposal.status == ProposalStatus.OPEN,
                )
                .order_by(RulesProposal.id)
            )
        ]
        months = stats.team_figures(session, team=team, today=today, language=language)
        part.stats = stats.summary_lines(months, language)
        part.chart = stats.chart_data(months)
    return part


def _meeting(
    session: Session, team: Team, language: Language, now: datetime
) -> tuple[str | None, list[str]]:
    """The next team meeting in words and its queue (requester and topic, never the case)."""
    settings = settings_of(session, team_id=team.id)
    if settings is None:
        return None, []
    day = next_day(settings, team, now=now)
    if day is None:
        return None, []
    lines = [
        f"<@{requester_id}>" + (f" · {escape(topic)}" if topic else "")
        for requester_id, topic in queue_lines(session, team_id=team.id, day=day)
    ]
    return when(day, settings.start_time, language), lines
