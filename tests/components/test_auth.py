"""Roles from sign-in state and settings, and the sidebar sign-in with and without [auth]."""

import pytest
from streamlit.testing.v1 import AppTest

from components import auth
from components.auth import Role, role_for

CONFIG = {
    "commissioner_domains": ["durham.gov.uk", "@Wiltshire.gov.uk"],
    "commissioner_emails": ["kim@example.org"],
}
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "not-a-real-secret",
    "client_id": "client",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
}


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("ann@durham.gov.uk", Role.COMMISSIONER),
        ("  Ann@DURHAM.gov.uk ", Role.COMMISSIONER),
        ("bob@wiltshire.gov.uk", Role.COMMISSIONER),
        ("kim@example.org", Role.COMMISSIONER),
        ("lee@example.org", Role.PUBLIC),
        ("eve@evil-durham.gov.uk", Role.PUBLIC),
        ("eve@durham.gov.uk.evil.com", Role.PUBLIC),
        ("eve@mail.durham.gov.uk", Role.PUBLIC),
        ("durham.gov.uk", Role.PUBLIC),
        ("eve@", Role.PUBLIC),
        ("", Role.PUBLIC),
        (None, Role.PUBLIC),
    ],
)
def test_signed_in_roles_follow_the_listed_domains_and_emails(email, role):
    assert role_for(True, email, CONFIG) is role


def test_nobody_is_a_commissioner_without_signing_in_or_with_an_unverified_email():
    assert role_for(False, "ann@durham.gov.uk", CONFIG) is Role.PUBLIC
    assert role_for(True, "ann@durham.gov.uk", CONFIG, email_verified=False) is Role.PUBLIC
    assert role_for(True, "ann@durham.gov.uk", CONFIG, email_verified=True) is Role.COMMISSIONER


def test_settings_may_be_missing_or_a_single_string():
    assert role_for(True, "ann@durham.gov.uk", {}) is Role.PUBLIC
    assert role_for(True, "ann@durham.gov.uk", {"commissioner_domains": "durham.gov.uk"}) is (
        Role.COMMISSIONER
    )


def _sidebar_app() -> None:
    import streamlit as st

    from components.auth import render_sign_in

    st.session_state["role"] = render_sign_in().value


def test_without_secrets_the_app_is_public_and_offers_no_sign_in():
    at = AppTest.from_function(_sidebar_app).run()
    assert not at.exception
    assert at.session_state["role"] == "public"
    assert len(at.sidebar.button) == 0


def test_with_auth_configured_a_sign_in_button_appears(monkeypatch):
    monkeypatch.setattr(auth.importlib.util, "find_spec", lambda name: object())
    at = AppTest.from_function(_sidebar_app)
    at.secrets["auth"] = AUTH
    at.secrets["cmm"] = CONFIG
    at.run()
    assert not at.exception
    assert [button.label for button in at.sidebar.button] == ["Sign in"]
    assert at.session_state["role"] == "public"


def test_a_signed_in_commissioner_sees_who_they_are_and_a_sign_out(monkeypatch):
    monkeypatch.setattr(auth.importlib.util, "find_spec", lambda name: object())
    claims = {"is_logged_in": True, "email": "ann@durham.gov.uk", "email_verified": True}
    monkeypatch.setattr(auth, "_user", lambda: claims)
    at = AppTest.from_function(_sidebar_app)
    at.secrets["auth"] = AUTH
    at.secrets["cmm"] = CONFIG
    at.run()
    assert not at.exception
    assert at.session_state["role"] == "commissioner"
    assert [button.label for button in at.sidebar.button] == ["Sign out"]
    assert at.sidebar.text[0].value == "Signed in as ann@durham.gov.uk (commissioner view)"


def test_without_authlib_sign_in_is_explained_not_crashed(monkeypatch):
    monkeypatch.setattr(auth.importlib.util, "find_spec", lambda name: None)
    at = AppTest.from_function(_sidebar_app)
    at.secrets["auth"] = AUTH
    at.run()
    assert not at.exception
    assert "Authlib is not installed" in at.sidebar.warning[0].value
    assert at.session_state["role"] == "public"
