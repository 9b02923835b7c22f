"""A drop-in for the NovaAIAuth class of Nova AI's Python integration example."""

from __future__ import annotations

from .login import start


class NovaAIAuth:
    """`NovaAIAuth(base_url).login()` opens the browser, waits for the person to sign in and
    returns the user as a dict (uid, email, name, photoUrl, tier), like the example, but the
    polling runs in the library, over one kept-alive connection. It prints nothing; a failure
    raises a NovaAuthError. base_url None means NOVA_AUTH_BASE_URL if set, else the library's
    default, https://nova-ai.work. choose_account=True lets the person choose the account
    instead of going on with the one the browser is signed in with."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        poll_interval: float = 2.0,
        timeout: float = 600.0,
        open_browser: bool = True,
        choose_account: bool = False,
    ) -> None:
        self.base_url = base_url
        self.poll_interval = poll_interval
        self.timeout = timeout
        self.open_browser = open_browser
        self.choose_account = choose_account

    def login(self) -> dict[str, str | None]:
        """Authenticates the user and returns a dict with: uid, email, name, photoUrl, tier."""
        with start(
            self.base_url,
            poll_interval=self.poll_interval,
            timeout=self.timeout,
            open_browser=self.open_browser,
            choose_account=self.choose_account,
        ) as login:
            return login.wait().as_dict()
