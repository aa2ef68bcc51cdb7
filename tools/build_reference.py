"""Write ``data/dx_locations.csv`` from AWS's Direct Connect location list and the pricing feed's location names.

Run: ``python tools/build_reference.py``. Inputs (in ``data/pricing-pages/``): ``dx_locations_aws.csv`` (the
Direct Connect ``DescribeLocations`` list of the commercial partition: code, names, associated Region, port speeds,
coordinates) and ``directconnect.json`` (AWS's pricing feed, which names locations by their older pricing-page
names, e.g. "Equinix SV1 SV5"). Each feed name is matched to a location code by its words (operator, facility ids
such as SV1 or FR5, city) among the locations of the same associated Region; the names that words cannot settle
are listed in ``MANUAL`` with the reason. A feed name that matches nothing current (a closed site, a GovCloud-only
one) is left out and printed. Locations whose associated Region is not a commercial Region of ``data/regions.csv``
(China, the European Sovereign Cloud) are left out.
"""
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FEEDS = ROOT / "data" / "pricing-pages"

# feed name -> location code, where the words alone do not decide (or decide wrongly)
MANUAL = {
    "Chief Telecom L V. Taipei TWN": "CFT52",          # "L V." is the feed's spelling of LY (the LY building)
    "CoreSite SV3 - SV7": "CSSV4", "CoreSite SV3 SV7": "CSSV4",  # CoreSite Santa Clara campus (SV3-SV7), now SV4
    "Digital Realty ATL1 ATL2 Atlanta GA": "TLXA1", "Digital Realty ATL1 Atlanta GA": "TLXA1",  # 56 Marietta
    "Digital Realty Sovereign House": "TCSH",          # TeleCity Sovereign House, now Digital Realty LHR20
    "Equinix DA1 - DA3 DA6": "EQDA2", "Equinix DA1 DA3 DA6": "EQDA2",
    "Equinix LD4 - LD6": "EQLD5", "Equinix LD4 LD6": "EQLD5",
    "Interxion Dublin": "ITXD2", "Interxion Frankfurt": "INX6", "Interxion Madrid": "ITXM2",
    "Interxion Stockholm": "ITXS1", "Interxion Zurich": "ITXZ1",  # Interxion is now Digital Realty
    "Itconic Madrid 2 ESP": "ITCM2",                   # Itconic MD2, now Equinix MD2
    "Netelligent Montreal": "NTM62",                   # Netelligent, now eStruxture MTL-1
    "T5 El Segundo Los Angeles CA": "T5ALA",           # T5 LA, now Serverfarm LAX1
    "Terremark NAP do Brasil": "TNDB",                 # NAP do Brasil, now Equinix SP4
    "Lightower Philadelphia PA": "LGT50",              # Lightower, now Crown Castle
    "IPB Berlin": "IPB50",                             # the commercial partition's IPB location
    "GPX Mumbai": "GPX51",                             # GPX Mumbai 1, now Equinix MB1
    "Global Switch Sydney": "GBSY6",                   # Metronode/Global Switch Sydney, now Equinix SY6
    "Interxion Marseille FRA": "ITXM1", "MedOne Israel Haifa ISR": "MOILH",
    "Tata Communications VSB Chennai IND": "TCDC1",     # the VSB Chennai site, now STT Chennai 1
    "Telehouse North North Two East and West London GBR": "THNO2",
    "Allied 250 Front St W Toronto CAN": None,         # no current location at 250 Front St W
    "Citadel100": None,                                # closed
    "Equinix SV1 SV5 AWS Gov Cloud": None,             # GovCloud only
}
STOP = {"data", "center", "centre", "dc", "the", "and", "of", "inc", "ltd", "pvt", "group", "meet", "me", "room",
        "building", "idc", "campus"}


def words(text: str) -> set:
    return set(re.findall(r"[a-z0-9]+", text.lower().replace("&", " "))) - STOP


def score(name: str, loc: dict) -> float:
    a = words(name)
    b = words(loc["Location Name"]) | words(loc["AWS Name"]) | words(loc["Location Code"])
    ids = {w for w in a if re.fullmatch(r"[a-z]{2,3}\d+", w)}
    return len(a & b) / max(1, len(a)) + 0.5 * len(ids & b)


def city(location_name: str, country: str) -> str:
    parts = [p.strip() for p in location_name.split(",")]
    if country in ("US",) and len(parts) >= 4:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else location_name


def main() -> int:
    regions = {r["code"] for r in csv.DictReader(open(ROOT / "data" / "regions.csv"))}
    locs = [r for r in csv.DictReader(open(FEEDS / "dx_locations_aws.csv")) if r["Region Code"] in regions]
    feed = json.loads((FEEDS / "directconnect.json").read_text())
    names = set()
    for key in feed:
        m = re.match(r"Direct Connect (?:HC )?\d+[MG] (.+)$", key) or re.match(r"DataTransfer (?:Inter|Intra)Region Outbound to (.+)$", key)
        if m:
            names.add(m.group(1))
    by_code = {r["Location Code"]: r for r in locs}
    pricing_names: dict = {}
    for name in sorted(names):
        if name in MANUAL:
            code = MANUAL[name]
        else:
            best = max(locs, key=lambda r: score(name, r))
            code = best["Location Code"] if score(name, best) >= 0.5 else None
        if code is None:
            print(f"left out: feed name {name!r} matches no current location", file=sys.stderr)
            continue
        if code not in by_code:
            print(f"left out: feed name {name!r} -> {code}, not a commercial Region's location", file=sys.stderr)
            continue
        pricing_names.setdefault(code, []).append(name)
    # the spelling the project used before (as in CUR usage types, e.g. EqDC2) wins over the list's upper case
    old = {}
    path = ROOT / "data" / "dx_locations.csv"
    if path.exists():
        old = {r["code"].upper(): r["code"] for r in csv.DictReader(open(path))}
    rows = []
    for r in sorted(locs, key=lambda r: (r["Region Code"], r["Location Code"].upper())):
        code = old.get(r["Location Code"].upper(), r["Location Code"])
        rows.append({
            "code": code, "name": r["Location Name"].split(",")[0], "aws_name": r["AWS Name"],
            "city": city(r["Location Name"], r["Country"]), "country": r["Country"],
            "location_group": r["Country"], "price_zone": "japan" if r["Country"] == "JP" else "*",
            "region": r["Region Code"], "speeds": r["Port Speeds"].replace(", ", " "),
            "macsec": r["MACsec Capable"].replace(", ", " "),
            "latitude": f"{float(r['Latitude']):.4f}" if r["Latitude"] else "",
            "longitude": f"{float(r['Longitude']):.4f}" if r["Longitude"] else "",
            "pricing_names": "|".join(sorted(pricing_names.get(r["Location Code"], []))),
            "source": "AWS Direct Connect DescribeLocations (commercial partition) via chriselsen/dx-location-details "
                      "output/DX_LOCATIONS.csv at 4b12cb7 (coordinates from PeeringDB); pricing_names: the names "
                      "AWS's directconnect pricing feed uses (tools/build_reference.py); price_zone 'japan' for "
                      "locations in Japan (DX pricing page)",
            "as_of": "2026-02-17",
        })
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    priced = sum(1 for r in rows if r["pricing_names"])
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} locations, {priced} named in the pricing feed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
