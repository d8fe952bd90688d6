"""Who holds a request, against a real database: a buddy trio's clicks at the same moment, a
request handed back to someone who had it, claims by people outside the team, and two set-ups
of one channel at once."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.errors import NotAllowed, NotOpen
from bot.requests.choices import Route
from bot.requests.holders import (
    accept_request,
    claim_team_request,
    decline_request,
    hand_over_request,
)
from bot.requests.service import check_pressed, mark_delivered
from bot.teams.service import register_team, sync_members
from models import RecipientState, RequestRecipient, SparringRequest, Team, TeamMember
from tests.conftest import add_team, request_form
from tests.helpers import store_request, store_team_request

SEVEN = ("U1", "U2", "U3", "U4", "U5", "U6", "U7")


def buddy_request(session_factory: sessionmaker[Session], *, view_id: str = "V1") -> int:
    """U1's request to the two other members of a trio, U2 and U3, posted at generation 0."""
    team_id = add_team(session_factory, members=SEVEN) if view_id == "V1" else 1
    with session_factory.begin() as session:
        form = request_form(team_id=team_id, route=Route.BUDDY, colleague_id=None)
        request = store_request(session, form, recipients=["U2", "U3"], view_id=view_id)
        assert request is not None
        mark_delivered(session, request_id=request.id, channel_id="G1", ts=f"1.{request.id}")
        return request.id


def pressed(
    session_factory: sessionmaker[Session], request_id: int, change: Callable[..., object]
) -> str:
    """A click on the message at generation 0, as the button listener runs it: "done" or the
    catalogue key of the refusal the person sees."""
    try:
        with session_factory.begin() as session:
            check_pressed(session, request_id=request_id, generation=0, channel_id="G1")
            change(session)
    except NotOpen as error:
        return error.key
    return "done"


def holders(session_factory: sessionmaker[Session], request_id: int) -> dict[str, str]:
    with session_factory() as session:
        return dict(
            session.execute(
                select(RequestRecipient.user_id, RequestRecipient.state).where(
                    RequestRecipient.request_id == request_id
                )
            ).all()
        )


def stored(session_factory: sessionmaker[Session], request_id: int) -> SparringRequest:
    with session_factory() as session:
        request = session.get(SparringRequest, request_id)
        assert request is not None
        return request


def at_once(*clicks: Callable[[], None]) -> None:
    """Run the clicks in threads released together by a barrier; wait for all."""
    barrier = threading.Barrier(len(clicks))

    def run(click: Callable[[], None]) -> None:
        barrier.wait()
        click()

    threads = [threading.Thread(target=run, args=(click,)) for click in clicks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_not_me_from_a_trio_at_the_same_moment_never_undoes_the_others_take(
    session_factory: sessionmaker[Session],
) -> None:
    for attempt in range(6):
        request_id = buddy_request(session_factory, view_id=f"V{attempt + 1}")
        outcomes: dict[str, str] = {}

        def accept(session: Session, rid: int = request_id) -> None:
            accept_request(session, request_id=rid, actor_id="U2")

        def decline(session: Session, rid: int = request_id) -> None:
            decline_request(session, request_id=rid, actor_id="U3", next_expert=None)

        at_once(
            lambda out=outcomes, rid=request_id: out.update(
                U2=pressed(session_factory, rid, accept)
            ),
            lambda out=outcomes, rid=request_id: out.update(
                U3=pressed(session_factory, rid, decline)
            ),
        )

        # Whoever came first, U2 has it: U3 either stepped aside before, or was told after.
        assert outcomes["U2"] == "done"
        assert outcomes["U3"] in ("done", "msg.already_taken")
        request = stored(session_factory, request_id)
        assert (request.status, request.accepted_by) == ("accepted", "U2")
        assert request.delivery_generation == 0  # the message stays where it is
        assert holders(session_factory, request_id)["U2"] == RecipientState.ACTIVE


def test_not_me_on_the_old_message_after_the_other_took_it_is_refused_with_who(
    session_factory: sessionmaker[Session],
) -> None:
    request_id = buddy_request(session_factory)
    with session_factory.begin() as session:
        accept_request(session, request_id=request_id, actor_id="U2")

    with session_factory.begin() as session:
        check_pressed(session, request_id=request_id, generation=0)  # the message is current
        with pytest.raises(NotOpen) as refused:
            decline_request(session, request_id=request_id, actor_id="U3", next_expert=None)
    assert (refused.value.key, refused.value.values) == ("msg.already_taken", {"helper": "U2"})
    # Nor may the other trio member hand it away, nor accept it as well.
    with session_factory.begin() as session, pytest.raises(NotOpen) as refused:
        hand_over_request(session, request_id=request_id, actor_id="U3", to_user="U5")
    assert refused.value.key == "msg.already_taken"
    with session_factory.begin() as session, pytest.raises(NotOpen) as refused:
        accept_request(session, request_id=request_id, actor_id="U3")
    assert refused.value.values == {"helper": "U2"}

    request = stored(session_factory, request_id)
    assert (request.status, request.accepted_by, request.message_ts) == ("accepted", "U2", "1.1")
    assert holders(session_factory, request_id) == {"U2": "active", "U3": "active"}


def test_one_of_a_trio_passing_leaves_the_request_with_the_other(
    session_factory: sessionmaker[Session],
) -> None:
    request_id = buddy_request(session_factory)
    with session_factory.begin() as session:
        assert (
            decline_request(session, request_id=request_id, actor_id="U3", next_expert=None) is None
        )
    request = stored(session_factory, request_id)
    assert (request.status, request.message_ts, request.delivery_generation) == ("open", "1.1", 0)
    assert holders(session_factory, request_id) == {"U2": "active", "U3": "declined"}

    with session_factory.begin() as session:  # U2 can still take it from the same message
        check_pressed(session, request_id=request_id, generation=0)
        accept_request(session, request_id=request_id, actor_id="U2")
    assert stored(session_factory, request_id).accepted_by == "U2"


def test_the_last_holder_passing_sends_it_back_and_a_taker_cannot_pass_by_not_me(
    session_factory: sessionmaker[Session],
) -> None:
    request_id = buddy_request(session_factory)
    with session_factory.begin() as session:
        decline_request(session, request_id=request_id, actor_id="U3", next_expert=None)
    with session_factory.begin() as session:
        moved = decline_request(session, request_id=request_id, actor_id="U2", next_expert=None)
        assert moved is not None and moved.request.recipient_ids == []

    second = buddy_request(session_factory, view_id="V2")
    with session_factory.begin() as session:
        accept_request(session, request_id=second, actor_id="U2")
    with session_factory.begin() as session, pytest.raises(NotOpen) as refused:
        decline_request(session, request_id=second, actor_id="U2", next_expert=None)
    assert refused.value.key == "msg.you_took_it"


def test_a_request_can_be_handed_back_to_a_colleague_who_had_it(
    session_factory: sessionmaker[Session],
) -> None:
    request_id = buddy_request(session_factory)
    with session_factory.begin() as session:
        hand_over_request(session, request_id=request_id, actor_id="U2", to_user="U4")
    with session_factory.begin() as session:
        moved = hand_over_request(session, request_id=request_id, actor_id="U4", to_user="U2")
        assert moved.request.recipient_ids == ["U2"]
    with session_factory.begin() as session:  # and once more, by the requester
        hand_over_request(session, request_id=request_id, actor_id="U1", to_user="U4")

    assert holders(session_factory, request_id) == {
        "U2": RecipientState.HANDED_OVER,
        "U3": RecipientState.HANDED_OVER,
        "U4": RecipientState.ACTIVE,
    }
    request = stored(session_factory, request_id)
    assert (request.status, request.delivery_generation) == ("open", 3)


def test_only_a_member_of_the_team_can_claim_a_whole_team_request(
    session_factory: sessionmaker[Session],
) -> None:
    team_id = add_team(session_factory, members=("U1", "U2", "U3"))
    request_id = store_team_request(session_factory, team_id)

    with session_factory.begin() as session, pytest.raises(NotAllowed) as refused:
        claim_team_request(session, request_id=request_id, helper_id="U9")
    assert refused.value.key == "msg.not_in_team"
    with session_factory.begin() as session:
        claim_team_request(session, request_id=request_id, helper_id="U2")
    assert stored(session_factory, request_id).accepted_by == "U2"


def test_two_set_ups_of_one_channel_at_once_make_one_team(
    session_factory: sessionmaker[Session],
) -> None:
    for attempt in range(4):
        channel_id = f"C{attempt + 10}"
        created: list[bool] = []
        failures: list[BaseException] = []

        def set_up(lead: str, channel_id: str = channel_id, created: list[bool] = created) -> None:
            with session_factory.begin() as session:
                team, new = register_team(
                    session,
                    channel_id=channel_id,
                    workspace_id="T0001",
                    name="boern-og-familie",
                    created_by=lead,
                    timezone="Europe/Copenhagen",
                    language="da",
                )
                sync_members(session, team=team, human_ids=["U1", "U2", "U3"])
            created.append(new)

        def guarded(lead: str, failures: list[BaseException] = failures) -> Callable[[], None]:
            def run() -> None:
                try:
                    set_up(lead)
                except Exception as error:  # the test reports whatever escaped the thread
                    failures.append(error)

            return run

        at_once(guarded("U1"), guarded("U2"))

        assert failures == []
        assert sorted(created) == [False, True]
        with session_factory() as session:
            team_id = session.scalar(select(Team.id).where(Team.channel_id == channel_id))
            members = session.scalar(
                select(func.count(TeamMember.id)).where(TeamMember.team_id == team_id)
            )
            assert members == 3
