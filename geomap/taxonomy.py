"""The event taxonomy: geomap categories and their ACLED event/sub-event types.

This is the one place where the mapping is written down. ``category`` is the
map layer; ``event_type``/``sub_event_type`` are ACLED's where ACLED has the
category, and geomap's own ("Diplomacy", "Statement") where it does not.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    label: str  # layer name on the map
    event_type: str
    sub_event_type: str
    disorder_type: str  # ACLED: Political violence / Demonstrations / Strategic developments
    color: str  # layer colour (folium/Leaflet named colours; one per category, never
    #             white: a white-filled marker means "planned" on the map)
    icon: str  # Font Awesome 6 icon name (folium loads FA 6 online), one per category
    acled: bool = True  # False for categories ACLED does not code


CATEGORIES: dict[str, Category] = {
    c.key: c
    for c in (
        Category("air_strike", "Air/drone strikes", "Explosions/Remote violence",
                 "Air/drone strike", "Political violence", "red", "plane"),
        Category("shelling", "Shelling/artillery/missile attacks", "Explosions/Remote violence",
                 "Shelling/artillery/missile attack", "Political violence", "darkred", "bomb"),
        Category("explosion", "Remote explosives/IEDs", "Explosions/Remote violence",
                 "Remote explosive/landmine/IED", "Political violence", "orange", "certificate"),
        Category("suicide_bomb", "Suicide bombings", "Explosions/Remote violence",
                 "Suicide bomb", "Political violence", "lightred", "fire"),
        Category("clash", "Armed clashes", "Battles", "Armed clash",
                 "Political violence", "purple", "crosshairs"),
        Category("territory", "Territory changes", "Battles",
                 "Non-state actor overtakes territory", "Political violence", "darkpurple", "flag"),
        Category("attack", "Attacks", "Violence against civilians", "Attack",
                 "Political violence", "black", "user-times"),
        Category("abduction", "Abductions", "Violence against civilians",
                 "Abduction/forced disappearance", "Political violence", "gray", "user-secret"),
        Category("protest", "Protests", "Protests", "Peaceful protest",
                 "Demonstrations", "lightblue", "bullhorn"),
        Category("riot", "Riots", "Riots", "Violent demonstration",
                 "Demonstrations", "pink", "exclamation-triangle"),
        Category("agreement", "Agreements and ceasefires", "Strategic developments", "Agreement",
                 "Strategic developments", "green", "handshake"),
        Category("patrol", "Patrols and deployments", "Strategic developments",
                 "Change to group/activity", "Strategic developments", "darkblue", "road"),
        Category("base", "Bases established", "Strategic developments",
                 "Headquarters or base established", "Strategic developments", "cadetblue", "home"),
        Category("arrest", "Arrests", "Strategic developments", "Arrests",
                 "Strategic developments", "lightgray", "lock"),
        Category("destruction", "Looting/property destruction", "Strategic developments",
                 "Looting/property destruction", "Strategic developments", "beige", "trash"),
        Category("meeting", "Meetings and talks", "Diplomacy", "Meeting or talks",
                 "Strategic developments", "blue", "comments", acled=False),
        Category("visit", "Visits", "Diplomacy", "Visit",
                 "Strategic developments", "lightgreen", "suitcase", acled=False),
        Category("statement", "Official statements", "Statement", "Official statement",
                 "Strategic developments", "darkgreen", "info", acled=False),
    )
}


def category(key: str) -> Category:
    """The Category for a key; KeyError names the unknown key."""
    try:
        return CATEGORIES[key]
    except KeyError:
        raise KeyError(f"unknown event category {key!r}") from None


def category_for_acled(event_type: str, sub_event_type: str) -> str:
    """The geomap category for an ACLED (event_type, sub_event_type) pair.

    Falls back to the first category with the same event_type, then to "statement".
    """
    for c in CATEGORIES.values():
        if c.event_type == event_type and c.sub_event_type == sub_event_type:
            return c.key
    for c in CATEGORIES.values():
        if c.event_type == event_type:
            return c.key
    return "statement"
