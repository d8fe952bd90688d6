"""OAuth installs in the simulator: more workspaces on one server, and oauth.v2.access.

The same app installed in several workspaces: each has its own bot token, and a Web API call
acts on the workspace whose token it carries. `install_code` stands in for Slack's authorize
page (the person approves the app, Slack sends them back with a code); `oauth.v2.access`
exchanges the code once for that workspace's bot token.
"""

from __future__ import annotations

import base64
import copy
import threading
import uuid
from collections.abc import Callable
from typing import Any

from .workspace import Workspace


class OAuthInstalls:
    """Mixed into FakeSlack."""

    workspace: Workspace
    port: int
    clock: Callable[[], float]
    _cond: threading.Condition
    _more: dict[str, Workspace]
    _codes: dict[str, tuple[Workspace, str]]
    # The app's OAuth credentials that oauth.v2.access accepts (None: any).
    oauth_client: tuple[str, str] | None

    def add_workspace(
        self, team_id: str, *, bot_token: str, bot_user_id: str = "UBOT", team_name: str = ""
    ) -> Any:
        """Another workspace on this server (the same app installed there): Web API calls
        with `bot_token` act on it. Returns a FakeSlack whose helpers (payloads, messages,
        users) act on that workspace; calls and the server are shared."""
        if not self.port:
            raise RuntimeError("start FakeSlack before adding a workspace")
        workspace = Workspace(
            bot_token=bot_token,
            app_token=self.workspace.app_token,
            team_id=team_id,
            bot_user_id=bot_user_id,
            bot_name=self.workspace.users[self.workspace.bot_user_id]["name"],
            bot_id=f"B{team_id}",
            app_id=self.workspace.app_id,
            team_name=team_name or team_id,
            clock=self.clock,
        )
        workspace.http_base = self.workspace.http_base
        with self._cond:
            self._more[bot_token] = workspace
        view = copy.copy(self)
        view.workspace = workspace
        return view

    def install_code(self, installer: str) -> str:
        """The code Slack's authorize page gives `installer` after they approve the app in
        this workspace; oauth.v2.access exchanges it once for the bot token."""
        code = uuid.uuid4().hex
        with self._cond:
            self._codes[code] = (self.workspace, installer)
        return code

    def _workspace_for(self, token: str) -> Workspace:
        return self._more.get(token, self.workspace)

    def _oauth_access(self, params: dict[str, Any], auth: str) -> dict[str, Any]:
        """oauth.v2.access: the app's credentials (Basic auth or params) and a code, once."""
        client_id, client_secret = params.get("client_id"), params.get("client_secret")
        if auth.startswith("Basic "):
            decoded = base64.b64decode(auth[len("Basic ") :]).decode("utf-8", "replace")
            client_id, _, client_secret = decoded.partition(":")
        if self.oauth_client is not None and (client_id, client_secret) != self.oauth_client:
            return {"ok": False, "error": "invalid_client_id"}
        found = self._codes.pop(str(params.get("code") or ""), None)
        if found is None:
            return {"ok": False, "error": "invalid_code"}
        workspace, installer = found
        return {
            "ok": True,
            "app_id": workspace.app_id,
            "authed_user": {"id": installer},
            "scope": str(params.get("scope") or "commands,chat:write"),
            "token_type": "bot",
            "access_token": workspace.bot_token,
            "bot_user_id": workspace.bot_user_id,
            "team": {"id": workspace.team_id, "name": workspace.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
        }
