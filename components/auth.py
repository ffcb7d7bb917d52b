"""Sign-in and roles: public by default, commissioner after an OIDC sign-in from a listed domain.

Sign-in is Streamlit's own (`st.login`, `st.user`), switched on by an `[auth]` section in
secrets.toml. Who counts as a commissioner is set in `[cmm]`:
`commissioner_domains = ["durham.gov.uk"]` and `commissioner_emails = ["kim@example.org"]`.
Without `[auth]` there is no sign-in and everyone sees the public view.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import streamlit as st


class Role(StrEnum):
    """What a visitor may see and do."""

    PUBLIC = "public"
    COMMISSIONER = "commissioner"


def role_for(
    is_logged_in: bool,
    email: str | None,
    config: Mapping[str, Any],
    *,
    email_verified: bool | None = None,
) -> Role:
    """Return the role of a visitor from their sign-in state and the `[cmm]` settings.

    Domains match exactly (a sub-domain must be listed itself); an email the identity
    provider says is unverified never makes a commissioner.
    """
    if not is_logged_in or not email or email_verified is False:
        return Role.PUBLIC
    address = email.strip().lower()
    _, at, domain = address.rpartition("@")
    if not at or not domain:
        return Role.PUBLIC
    if address in _lower_set(config.get("commissioner_emails")):
        return Role.COMMISSIONER
    if domain in _lower_set(config.get("commissioner_domains")):
        return Role.COMMISSIONER
    return Role.PUBLIC


def auth_configured() -> bool:
    """Whether secrets.toml has an `[auth]` section, so sign-in is offered."""
    return bool(_secrets_section("auth"))


def current_role() -> Role:
    """Return the role of the visitor in this session (public when sign-in is off)."""
    if not auth_configured():
        return Role.PUBLIC
    user = _user()
    return role_for(
        bool(user.get("is_logged_in", False)),
        user.get("email"),
        _secrets_section("cmm"),
        email_verified=user.get("email_verified"),
    )


def render_sign_in() -> Role:
    """Draw "Sign in" (or who is signed in and "Sign out") in the sidebar; return the role."""
    if not auth_configured():
        return Role.PUBLIC
    if importlib.util.find_spec("authlib") is None:
        st.sidebar.warning(
            "Sign-in is configured but Authlib is not installed, so everyone sees the "
            "public view. Install it with `pip install Authlib`."
        )
        return Role.PUBLIC
    user = _user()
    role = current_role()
    if user.get("is_logged_in", False):
        who = str(user.get("email") or user.get("name") or "signed in")
        # st.text, not Markdown: the name comes from outside and is shown as typed.
        st.sidebar.text(f"Signed in as {who[:120]} ({role.value} view)")
        st.sidebar.button("Sign out", key="cmm_sign_out", on_click=st.logout)
    else:
        provider = _provider()
        st.sidebar.button(
            "Sign in",
            key="cmm_sign_in",
            on_click=st.login,
            args=(provider,) if provider else (),
            help="Commissioners sign in with their council account to see internal data.",
        )
    return role


def _secrets_section(name: str) -> Mapping[str, Any]:
    try:
        section = st.secrets.get(name)
    except FileNotFoundError:
        # No secrets.toml at all: a public deployment.
        return {}
    return section if isinstance(section, Mapping) else {}


def _user() -> Mapping[str, Any]:
    return st.user


def _provider() -> str | None:
    """Name the provider for st.login: `[cmm] auth_provider`, or the one `[auth.<name>]`."""
    if name := _secrets_section("cmm").get("auth_provider"):
        return str(name)
    auth = _secrets_section("auth")
    if "client_id" in auth:
        return None
    named = [key for key, value in auth.items() if isinstance(value, Mapping)]
    return named[0] if named else None


def _lower_set(values: Any) -> set[str]:
    if values is None:
        return set()
    if isinstance(values, str):
        values = [values]
    return {str(value).strip().lower().lstrip("@") for value in values}


def may_import() -> bool:
    """Whether this visitor may load data that every other visitor will then see.

    Without sign-in configured the app is a single team's own copy, so anyone using it
    may; once sign-in is configured, only commissioners.
    """
    return not auth_configured() or current_role() is Role.COMMISSIONER


def importer_name() -> str:
    """Return who is importing, for the import's record: the signed-in email, or how."""
    if auth_configured():
        email = _user().get("email")
        if email:
            return str(email)[:255]
    return "app upload (sign-in not configured)"


def render_import_refusal(what: str) -> None:
    """Say, in place of an uploader, that loading data needs a commissioner's sign-in."""
    st.info(
        f"Loading {what} changes what everyone sees, so it needs a commissioner's sign-in. "
        "Use **Sign in** in the sidebar.",
        icon=":material/lock:",
    )


def require_commissioner(what: str) -> None:
    """Stop the page unless the visitor is a signed-in commissioner, saying why."""
    if current_role() is Role.COMMISSIONER:
        return
    st.warning(
        f"{what} can identify people, so only commissioners who have signed in can see "
        "it. Public pages show the same data as counts by area, with small counts hidden.",
        icon=":material/lock:",
    )
    st.stop()
