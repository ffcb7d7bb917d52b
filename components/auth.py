"""Sign-in and roles: public by default, commissioner of named councils after an OIDC sign-in.

Sign-in is Streamlit's own (`st.login`, `st.user`), switched on by an `[auth]` section in
secrets.toml. Who commissions which council is set per council in `[cmm.commissioners]`:

    [cmm.commissioners.E06000047]
    domains = ["durham.gov.uk"]
    emails = ["analyst@partner.example.org"]

A visitor is a commissioner of a council only if the identity provider says
`email_verified` is the boolean true and that council lists their domain or address.
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


def councils_for(
    is_logged_in: bool,
    email: str | None,
    config: Mapping[str, Any],
    *,
    email_verified: Any = None,
) -> frozenset[str]:
    """Return the codes of the councils a visitor commissions (none for the public).

    Only a boolean true `email_verified` counts: a missing claim, `"true"` as text or 1 do
    not. Domains match exactly (a sub-domain must be listed itself).
    """
    if not is_logged_in or not email or email_verified is not True:
        return frozenset()
    address = email.strip().lower()
    _, at, domain = address.rpartition("@")
    if not at or not domain:
        return frozenset()
    councils = config.get("commissioners")
    if not isinstance(councils, Mapping):
        return frozenset()
    return frozenset(
        str(code).strip().upper()
        for code, listed in councils.items()
        if isinstance(listed, Mapping)
        and (
            address in _lower_set(listed.get("emails"))
            or domain in _lower_set(listed.get("domains"))
        )
    )


def role_for(
    is_logged_in: bool,
    email: str | None,
    config: Mapping[str, Any],
    council_code: str,
    *,
    email_verified: Any = None,
) -> Role:
    """Return the role of a visitor for one council from their sign-in and `[cmm]`."""
    councils = councils_for(is_logged_in, email, config, email_verified=email_verified)
    return Role.COMMISSIONER if council_code.upper() in councils else Role.PUBLIC


def auth_configured() -> bool:
    """Whether secrets.toml has an `[auth]` section, so sign-in is offered."""
    return bool(_secrets_section("auth"))


def current_role(council_code: str) -> Role:
    """Return the visitor's role for a council in this session (public when sign-in is off)."""
    if not auth_configured():
        return Role.PUBLIC
    user = _user()
    return role_for(
        bool(user.get("is_logged_in", False)),
        user.get("email"),
        _secrets_section("cmm"),
        council_code,
        email_verified=user.get("email_verified"),
    )


def authlib_installed() -> bool:
    """Whether Authlib, which Streamlit's sign-in needs, can be imported."""
    return importlib.util.find_spec("authlib") is not None


def session_role(council_code: str) -> Role:
    """Return the role `render_sign_in` would, drawing nothing: public unless sign-in is
    configured, Authlib installed and the visitor signed in for this council."""
    if not auth_configured() or not authlib_installed():
        return Role.PUBLIC
    return current_role(council_code)


def render_sign_in(council_code: str) -> Role:
    """Draw "Sign in" (or who is signed in and "Sign out") in the sidebar; return the role
    for the council shown (`session_role`)."""
    if not auth_configured():
        return Role.PUBLIC
    if not authlib_installed():
        st.sidebar.warning(
            "Sign-in is configured but Authlib is not installed, so everyone sees the "
            "public view. Install it with `pip install Authlib`."
        )
        return Role.PUBLIC
    user = _user()
    role = session_role(council_code)
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


def may_import(council_code: str) -> bool:
    """Whether this visitor may load data for a council that every visitor will then see.

    Without sign-in configured the app is a single team's own copy, so anyone using it
    may; once sign-in is configured, only that council's commissioners.
    """
    return not auth_configured() or current_role(council_code) is Role.COMMISSIONER


def importer_name() -> str:
    """Return who is importing, for the import's record: the signed-in email, or how."""
    if auth_configured():
        email = _user().get("email")
        if email:
            return str(email)[:255]
    return "app upload (sign-in not configured)"


def render_import_refusal(what: str) -> None:
    """Say, in place of an uploader, that loading data needs this council's commissioner."""
    st.info(
        f"Loading {what} changes what everyone sees, so it needs a sign-in as one of this "
        "council's commissioners. Use **Sign in** in the sidebar.",
        icon=":material/lock:",
    )


def require_commissioner(what: str, council_code: str) -> None:
    """Stop the page unless the visitor commissions this council, saying why."""
    if current_role(council_code) is Role.COMMISSIONER:
        return
    st.warning(
        f"{what} can identify people, so only this council's commissioners, signed in, can "
        "see it. Public pages show the same data as counts by area, with small counts hidden.",
        icon=":material/lock:",
    )
    st.stop()
