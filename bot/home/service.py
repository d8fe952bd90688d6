"""Publishing a person's App Home, and the lead's statistics chart it shows."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.db import reading
from bot.core.i18n import Language, t
from bot.deps import Deps
from bot.home import stats
from bot.home.blocks import build_home
from bot.home.chart import render_chart
from bot.home.content import TeamPart, gather
from models import StatsChart, utcnow

log = logging.getLogger(__name__)


def publish_home(*, client: WebClient, deps: Deps, user_id: str) -> None:
    """Publish the person's App Home as things stand now; raises Slack's errors."""
    language = deps.users.language(user_id)
    admin = deps.users.is_admin(user_id)  # asked of Slack before the session opens
    # The home only reads: on SQLite a snapshot, so building it holds no writer up.
    with reading(deps.session_factory) as session:
        content = gather(
            session,
            user_id=user_id,
            language=language,
            today=deps.today(),
            now=utcnow(),
            tz=deps.settings.tz,
            is_admin=admin,
        )
    for part in content.teams:
        if part.lead and part.chart is not None:
            part.chart_file_id = chart_file(
                client=client, session_factory=deps.session_factory, part=part, language=language
            )
    client.views_publish(user_id=user_id, view=build_home(language, content))


def chart_file(
    *,
    client: WebClient,
    session_factory: sessionmaker[Session],
    part: TeamPart,
    language: Language,
    now: datetime | None = None,
) -> str | None:
    """The Slack file id of the team's chart in `language`: the last upload while its figures
    are the same or it is younger than CHART_KEPT, else a new upload. None when Slack refused
    the upload (the home shows the figures only)."""
    assert part.chart is not None
    fingerprint = stats.digest({"language": language, **part.chart})
    now = now or utcnow()
    with reading(session_factory) as session:
        stored = session.scalar(
            select(StatsChart).where(
                StatsChart.team_id == part.team_id, StatsChart.language == language
            )
        )
        if stored is not None and (
            stored.digest == fingerprint or now - stored.uploaded_at < CHART_KEPT
        ):
            return stored.file_id
    try:
        file_id = upload_chart(client, part.chart, language)
    except (SlackApiError, SlackClientError, OSError) as error:
        log.warning("chart of team %s not uploaded: %s", part.team_id, type(error).__name__)
        return None
    _remember(
        session_factory,
        team_id=part.team_id,
        language=language,
        digest=fingerprint,
        file_id=file_id,
        now=now,
    )
    return file_id


# How long an uploaded chart is shown after its figures changed: a busy team's every request
# changes this month's bar, and drawing and uploading the chart on each would cost the lead's
# home most of its time; the figures in words above it are always current.
CHART_KEPT = timedelta(hours=1)


def upload_chart(client: WebClient, data: dict[str, object], language: Language) -> str:
    """Upload the chart's PNG (shared in no channel: the App Home shows it); its file id."""
    response = client.files_upload_v2(
        content=render_chart(data, language),
        filename="sparring-statistik.png",
        title=t("home.chart_title", language),
    )
    file = response.get("file") or (response.get("files") or [{}])[0]
    return str(file["id"])


def _remember(
    session_factory: sessionmaker[Session],
    *,
    team_id: int,
    language: Language,
    digest: str,
    file_id: str,
    now: datetime,
) -> None:
    with session_factory.begin() as session:
        stored = session.scalar(
            select(StatsChart).where(StatsChart.team_id == team_id, StatsChart.language == language)
        )
        if stored is None:
            try:
                with session.begin_nested():
                    session.add(
                        StatsChart(
                            team_id=team_id,
                            language=language,
                            digest=digest,
                            file_id=file_id,
                            uploaded_at=now,
                        )
                    )
            except IntegrityError:  # another process uploaded one at the same time; keep it
                return
            return
        stored.digest, stored.file_id, stored.uploaded_at = digest, file_id, now
