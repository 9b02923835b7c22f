"""The usage block of Nova AI's Python integration guide, on nova_auth.

As a program: signs in at the base URL given as the only argument, without opening a
browser, prints the user, and exits 1 when the login failed, so that a script can tell."""

from __future__ import annotations

import sys
from typing import Any

from nova_auth import NovaAIAuth


def run_seed_usage(base_url: str, **options: Any) -> dict[str, str | None] | None:
    """The usage block of the guide, unchanged but for the base URL; returns the user."""
    user = None
    auth = NovaAIAuth(base_url=base_url, **options)

    try:
        user = auth.login()
        print(f"Logged in as: {user['name']} ({user['email']})")
        print(f"User ID: {user['uid']}")
        print(f"Tier: {user['tier']}")

        # Now you can use user['uid'] for API calls

    except Exception as e:
        print(f"Login failed: {e}")
    return user


if __name__ == "__main__":
    sys.exit(0 if run_seed_usage(sys.argv[1], open_browser=False) else 1)
