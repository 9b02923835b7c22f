"""Awaiting a login never blocks the event loop, and cancelling the awaiting task cancels it."""

from __future__ import annotations

import asyncio
import time

import pytest

import nova_auth
from devserver import GOOGLE, DevServer, session_id


def test_async_login_completes_while_the_event_loop_keeps_running() -> None:
    async def scenario(base_url: str) -> tuple[nova_auth.User, float]:
        last_tick = time.monotonic()
        longest_gap = 0.0

        async def ticker() -> None:
            nonlocal last_tick, longest_gap
            while True:
                await asyncio.sleep(0.01)
                now = time.monotonic()
                longest_gap = max(longest_gap, now - last_tick)
                last_tick = now

        ticking = asyncio.create_task(ticker())
        user = await nova_auth.login_async(base_url, poll_interval=0.1, open_browser=False)
        ticking.cancel()
        # Counts a loop blocked from the start to the end of the login, when no tick ran.
        return user, max(longest_gap, time.monotonic() - last_tick)

    server = DevServer("--auto-approve-ms", "1000")
    try:
        user, longest_gap = asyncio.run(scenario(server.base_url))
    finally:
        server.stop()
    assert user.uid == GOOGLE["uid"], f"expected Ada to sign in, got {user!r}"
    # A loop blocked by the login would stop ticking for about the 1 s it lasts; 10 ms ticks
    # on a busy machine can be late, but not by a quarter of a second.
    assert longest_gap < 0.25, f"expected ticks every 10 ms, the loop stalled {longest_gap:.3f} s"


def test_wait_async_on_an_ended_login_returns_its_user(server: DevServer) -> None:
    with nova_auth.start(server.base_url, poll_interval=0.1, open_browser=False) as login:
        server.complete(session_id(login), GOOGLE)
        assert login.wait(10) is not None, "expected the login to complete within 10 s"
        user = asyncio.run(asyncio.wait_for(login.wait_async(), 5))
    assert user.uid == GOOGLE["uid"], user


def test_wait_async_raises_the_error_the_login_ended_with(server: DevServer) -> None:
    server.fault(route="create-session", status=500)
    with nova_auth.start(server.base_url, open_browser=False) as login:
        with pytest.raises(nova_auth.ServerError):
            asyncio.run(asyncio.wait_for(login.wait_async(), 10))


def test_cancelling_the_awaiting_task_cancels_the_login(server: DevServer) -> None:
    async def cancel_while_awaiting(login: nova_auth.Login) -> None:
        waiting = asyncio.create_task(login.wait_async())
        await asyncio.sleep(0.2)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting

    with nova_auth.start(server.base_url, poll_interval=0.1, open_browser=False) as login:
        session_id(login)
        asyncio.run(cancel_while_awaiting(login))
        with pytest.raises(nova_auth.LoginCancelled):
            login.poll()


def test_cancelling_one_of_two_awaiting_tasks_leaves_the_login_to_the_other(
    server: DevServer,
) -> None:
    async def one_gives_up(login: nova_auth.Login, sid: str) -> nova_auth.User:
        waiting = asyncio.create_task(login.wait_async())
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(login.wait_async(), 0.2)
        assert login.poll() is None, "expected the login to go on for the other task"
        server.complete(sid, GOOGLE)
        return await asyncio.wait_for(waiting, 10)

    with nova_auth.start(server.base_url, poll_interval=0.1, open_browser=False) as login:
        user = asyncio.run(one_gives_up(login, session_id(login)))
    assert user.uid == GOOGLE["uid"], user


def test_every_task_awaiting_one_login_gets_its_user(server: DevServer) -> None:
    async def two_waiters(login: nova_auth.Login) -> list[nova_auth.User]:
        waiting = [asyncio.create_task(login.wait_async()) for _ in range(2)]
        await asyncio.sleep(0.1)  # both registered before the session completes
        server.complete(session_id(login), GOOGLE)
        return await asyncio.wait_for(asyncio.gather(*waiting), 10)

    with nova_auth.start(server.base_url, poll_interval=0.1, open_browser=False) as login:
        users = asyncio.run(two_waiters(login))
    assert [user.uid for user in users] == [GOOGLE["uid"]] * 2, users
