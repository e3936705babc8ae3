"""ACLED actor types ("inter" codes) and interaction codes of coded events.

ACLED's codebook gives every actor one of eight types: 1 State forces, 2 Rebel
groups, 3 Political militias, 4 Identity militias, 5 Rioters, 6 Protesters,
7 Civilians, 8 External/Other forces. An event's ``interaction`` joins the types
of its two actors, the lower first (17, never 71); an event with one actor has its
type followed by 0 (60).

Groups and generic nouns have their type in the actors lexicon (``inter_codes``); a
group it does not list takes the type of the words of its name (``inter_head_codes``:
"the Sinaloa Cartel" is a political militia, 3). A state's forces are 1 when the event
is in that state and 8 elsewhere, as ACLED codes forces acting outside their own
country. An actor of unknown type gets no code. An absent second actor is 0, as in
ACLED's files; an absent first actor gets no code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry

from gazetteer.records import Place

#: ACLED's actor types by inter code.
INTER_TYPES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
STATE_FORCES = 1
EXTERNAL_FORCES = 8
NO_ACTOR = 0  # ACLED's inter2 when an event has no second actor


@dataclass(frozen=True, slots=True)
class InterCodes:
    """An event's ACLED ``inter1``, ``inter2`` and ``interaction`` (None when unknown)."""

    inter1: int | None = None
    inter2: int | None = None
    interaction: int | None = None


def interaction(inter1: int | None, inter2: int | None, *, has_actor2: bool) -> int | None:
    """ACLED's interaction code: both types, the lower first; one actor's type then 0.

    None when a type is unknown (or there is no first actor).
    """
    if inter1 is None:
        return None
    if not has_actor2:
        return inter1 * 10
    if inter2 is None:
        return None
    low, high = sorted((inter1, inter2))
    return low * 10 + high


@lru_cache(maxsize=512)
def alpha2(country: str) -> str | None:
    """ISO 3166-1 alpha-2 of a country name pycountry knows ("Myanmar" -> "MM")."""
    try:
        return pycountry.countries.lookup(country).alpha_2
    except LookupError:
        return None


def in_own_country(state: str, place: Place) -> bool | None:
    """Whether a place lies in the named state; None when the place's country is unknown.

    Names are compared first (the gazetteer's and the lexicon's agree for most
    states), then ISO codes ("Myanmar" forces at a place in "Burma").
    """
    country = place.name if place.kind == "country" else place.country
    if not country and not place.country_code:
        return None
    if state == country:
        return True
    code = alpha2(state)
    return code is not None and code == place.country_code


@dataclass(frozen=True, slots=True)
class ActorTypes:
    """Who is of which ACLED type: the lexicon's codes and the names that are states."""

    codes: Mapping[str, int] = field(default_factory=dict)  # lexicon ``inter_codes``
    states: frozenset[str] = frozenset()  # actor names that stand for a state
    head_codes: Mapping[str, int] = field(default_factory=dict)  # ``inter_head_codes``
    de_facto: Mapping[str, str] = field(default_factory=dict)  # group -> state it governs

    def with_states(self, names: Iterable[str]) -> ActorTypes:
        """The same codes, with more names known to be states."""
        return ActorTypes(self.codes, self.states | frozenset(names), self.head_codes,
                          self.de_facto)

    def code(self, actor: str | None, place: Place | None) -> int | None:
        """The inter code of an actor (its plain name, no country suffix) at a place."""
        if actor is None:
            return None
        if actor in self.de_facto:
            at_home = self._at_home(self.de_facto[actor], place)
            if at_home is not None:
                return at_home
        if actor in self.codes:
            return self.codes[actor]
        if actor in self.states:
            return self._at_home(actor, place)
        heads = [self.head_codes[w] for w in actor.lower().split() if w in self.head_codes]
        return max(heads, default=None)

    @staticmethod
    def _at_home(state: str, place: Place | None) -> int | None:
        """1 when the place lies in the state, 8 when outside it, None when unknown."""
        home = None if place is None else in_own_country(state, place)
        if home is None:
            return None
        return STATE_FORCES if home else EXTERNAL_FORCES

    def is_security_force(self, actor: str) -> bool:
        """Whether the lexicon types an actor as state or external forces (police,
        peacekeepers); a state's name is not enough ("Georgian protesters")."""
        return self.codes.get(actor) in (STATE_FORCES, EXTERNAL_FORCES)

    def event_codes(self, actor1: str | None, actor2: str | None, place: Place | None
                    ) -> InterCodes:
        """The codes of an event with these actors (plain names) at this place."""
        inter1 = self.code(actor1, place)
        inter2 = self.code(actor2, place) if actor2 is not None else NO_ACTOR
        both = interaction(inter1, inter2, has_actor2=actor2 is not None)
        return InterCodes(inter1, inter2, both)
