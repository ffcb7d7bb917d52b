"""Roles from sign-in state and settings, and the sidebar sign-in with and without [auth]."""

import pytest
from streamlit.testing.v1 import AppTest

from components import auth
from components.auth import Role, role_for

DURHAM, WILTSHIRE = "E06000047", "E06000054"
CONFIG = {
    "commissioners": {
        DURHAM: {"domains": ["durham.gov.uk"], "emails": ["kim@example.org"]},
        WILTSHIRE: {"domains": ["@Wiltshire.gov.uk"], "emails": "kim@example.org"},
    }
}
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "not-a-real-secret",
    "client_id": "client",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
}


@pytest.mark.parametrize(
    ("email", "council", "role"),
    [
        ("ann@durham.gov.uk", DURHAM, Role.COMMISSIONER),
        ("  Ann@DURHAM.gov.uk ", DURHAM, Role.COMMISSIONER),
        ("bob@wiltshire.gov.uk", WILTSHIRE, Role.COMMISSIONER),
        ("kim@example.org", DURHAM, Role.COMMISSIONER),
        ("kim@example.org", WILTSHIRE, Role.COMMISSIONER),
        # A commissioner of one council is the public everywhere else.
        ("ann@durham.gov.uk", WILTSHIRE, Role.PUBLIC),
        ("bob@wiltshire.gov.uk", DURHAM, Role.PUBLIC),
        ("ann@durham.gov.uk", "E10000024", Role.PUBLIC),
        ("lee@example.org", DURHAM, Role.PUBLIC),
        ("eve@evil-durham.gov.uk", DURHAM, Role.PUBLIC),
        ("eve@durham.gov.uk.evil.com", DURHAM, Role.PUBLIC),
        ("eve@mail.durham.gov.uk", DURHAM, Role.PUBLIC),
        ("durham.gov.uk", DURHAM, Role.PUBLIC),
        ("eve@", DURHAM, Role.PUBLIC),
        ("", DURHAM, Role.PUBLIC),
        (None, DURHAM, Role.PUBLIC),
    ],
)
def test_roles_are_per_council_from_the_listed_domains_and_emails(email, council, role):
    assert role_for(True, email, CONFIG, council, email_verified=True) is role


@pytest.mark.parametrize(
    "claim",
    [None, False, "true", "True", "false", 1, "1", "yes", [True], {"value": True}],
)
def test_only_a_boolean_true_email_verified_claim_makes_a_commissioner(claim):
    assert role_for(True, "ann@durham.gov.uk", CONFIG, DURHAM, email_verified=claim) is (
        Role.PUBLIC
    )
    assert auth.councils_for(True, "ann@durham.gov.uk", CONFIG, email_verified=claim) == set()


def test_nobody_is_a_commissioner_without_signing_in():
    assert role_for(False, "ann@durham.gov.uk", CONFIG, DURHAM, email_verified=True) is (
        Role.PUBLIC
    )
    assert auth.councils_for(True, "kim@example.org", CONFIG, email_verified=True) == {
        DURHAM,
        WILTSHIRE,
    }


def test_settings_may_be_missing_malformed_or_in_the_old_all_councils_form():
    claims = {"email_verified": True}
    for config in (
        {},
        {"commissioners": "durham.gov.uk"},
        {"commissioners": {DURHAM: "durham.gov.uk"}},
        # The old form gave every council to a domain: it no longer grants anything.
        {"commissioner_domains": ["durham.gov.uk"]},
    ):
        assert role_for(True, "ann@durham.gov.uk", config, DURHAM, **claims) is Role.PUBLIC


def _sidebar_app() -> None:
    import streamlit as st

    from components.auth import render_sign_in

    st.session_state["role"] = render_sign_in("E06000047").value


def test_without_secrets_the_app_is_public_and_offers_no_sign_in():
    at = AppTest.from_function(_sidebar_app).run()
    assert not at.exception
    assert at.session_state["role"] == "public"
    assert len(at.sidebar.button) == 0


def test_with_auth_configured_a_sign_in_button_appears(monkeypatch):
    monkeypatch.setattr(auth, "authlib_installed", lambda: True)
    at = AppTest.from_function(_sidebar_app)
    at.secrets["auth"] = AUTH
    at.secrets["cmm"] = CONFIG
    at.run()
    assert not at.exception
    assert [button.label for button in at.sidebar.button] == ["Sign in"]
    assert at.session_state["role"] == "public"


def test_a_signed_in_commissioner_sees_who_they_are_and_a_sign_out(monkeypatch):
    monkeypatch.setattr(auth, "authlib_installed", lambda: True)
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
    monkeypatch.setattr(auth, "authlib_installed", lambda: False)
    at = AppTest.from_function(_sidebar_app)
    at.secrets["auth"] = AUTH
    at.run()
    assert not at.exception
    assert "Authlib is not installed" in at.sidebar.warning[0].value
    assert at.session_state["role"] == "public"
