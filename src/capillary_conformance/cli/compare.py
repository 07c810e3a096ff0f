"""Regions side by side: where the answers of regions to the same probe requests differ.

Each region's run keeps the facets of its answers to the probes (``plugin/target/probes.py``); this lines them
up. A difference is shown as a difference: regions may differ in ways the contract allows (an offset
style, an extra field, an error message), and each region's own run judges whether it keeps the contract.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

Probes = Mapping[str, Mapping[str, Any]]
Difference = tuple[str, str, dict[str, str]]  # probe(s), facet, {region: value}


def _compared(by_region: Mapping[str, Probes]) -> list[str]:
    """The regions whose probes were sent."""
    return [region for region, probes in by_region.items() if probes and "not sent" not in probes]


def differences(by_region: Mapping[str, Probes]) -> list[Difference]:
    """(probe, facet, {region: value}) for every facet whose value is not the same in every region."""
    regions = _compared(by_region)
    found: list[Difference] = []
    if len(regions) < 2:
        return found
    probes = list(dict.fromkeys(name for region in regions for name in by_region[region]))
    grouped: dict[tuple[str, str], list[str]] = {}  # one line for a facet that differs alike in several probes
    for probe in probes:
        facets = list(dict.fromkeys(facet for region in regions for facet in by_region[region].get(probe, {})))
        for facet in facets:
            values = {region: _shown(by_region[region].get(probe, {}).get(facet)) for region in regions}
            if len(set(values.values())) > 1:
                grouped.setdefault((facet, json.dumps(values)), []).append(probe)
    for (facet, values), names in grouped.items():
        found.append((", ".join(names), facet, json.loads(values)))
    return found


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return value if isinstance(value, str) else json.dumps(value)


def section(by_region: Mapping[str, Probes], found: list[Difference] | None = None) -> list[str]:
    """The nightly summary's section: one line per difference (``found``, when already worked out)."""
    found = differences(by_region) if found is None else found
    compared = _compared(by_region)
    if len(compared) < 2:
        return []
    if not found:
        return [f"regions side by side ({', '.join(compared)}): the probes' answers are alike"]
    head = f"regions side by side ({', '.join(compared)}): {len(found)} difference(s)"
    lines = [f"{head}, allowed unless a region's own run says otherwise"]
    for probe, facet, values in found:
        shown = "; ".join(f"{region}: {value}" for region, value in values.items())
        lines.append(f"  {probe} / {facet}: {shown[:400]}")
    return lines
