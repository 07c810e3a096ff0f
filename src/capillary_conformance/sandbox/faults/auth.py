"""Faults the auth check must catch (``checks/auth.py``), one promise broken by each."""

from __future__ import annotations

from typing import Any

from capillary_conformance.core.settings import Credentials
from capillary_conformance.sandbox.faults.base import Broken, Presented, register


@register
class AuthIgnored(Broken):
    name, breaks, description = "auth-ignored", "auth", "answers without checking credentials"

    def authenticate(self, accepted: bool, presented: Presented, expected: Credentials) -> bool:
        return True


@register
class AnyPassword(Broken):
    name, breaks, description = "any-password", "auth", "the configured user gets in with any password"

    def authenticate(self, accepted: bool, presented: Presented, expected: Credentials) -> bool:
        return accepted or presented.user == expected.username


@register
class AnyUserWithThePassword(Broken):
    name, breaks = "any-user-with-the-password", "auth"
    description = "the configured password gets in under any username"

    def authenticate(self, accepted: bool, presented: Presented, expected: Credentials) -> bool:
        return accepted or presented.password == expected.password


@register
class BearerAccepted(Broken):
    name, breaks, description = "bearer-accepted", "auth", "any Bearer token gets in"

    def authenticate(self, accepted: bool, presented: Presented, expected: Credentials) -> bool:
        return accepted or presented.scheme == "bearer"


@register
class TrustsTheConnection(Broken):
    name, breaks = "trusts-the-connection", "auth"
    description = "a connection that carried the right credentials once gets in with any after"

    def __init__(self) -> None:
        self.trusted: set[tuple[Any, ...]] = set()

    def authenticate(self, accepted: bool, presented: Presented, expected: Credentials) -> bool:
        if accepted:
            self.trusted.add(presented.connection)
        return accepted or presented.connection in self.trusted
