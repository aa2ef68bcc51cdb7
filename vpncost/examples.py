"""The examples that ship inside the package: scenarios, an estate, site lists, shares, a sample CUR and inventory.

A user who installed a wheel has no checkout to copy from: ``vpncost examples`` lists these, ``vpncost examples
NAME`` prints one (or ``-o PATH`` writes it, a folder for the folder examples), and every verb that takes a
scenario, a network, a plan or template, a usage file, an estate, a sites file or a CUR accepts an example's name in its place (:func:`resolve`).


``EXAMPLES`` is the table: name, kind (what a verb reads it as), its path in the package's ``data/``
folder and what it is. ``vpncost examples`` prints it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from vpncost.errors import VpncostError
from vpncost.paths import package_path


@dataclass(frozen=True)
class Example:
    """One shipped example: its ``name``, ``kind``, path inside the data folder and a one-line description."""

    name: str
    kind: str
    path: str
    what: str

    @property
    def location(self) -> Path:
        """Where it is on disk [a file or a folder]: always the package's own copy, also when
        ``VPNCOST_DATA_DIR`` points at another snapshot (which need not hold the examples)."""
        return package_path("data") / self.path


# kind: scenario (estimate, compare, acceleration, failover, report, spend --model), network (estimate, compare),
# plan (a Terraform plan or CloudFormation template: estimate, compare), usage (their --usage),
# estate (spend --model),
# sites (acceleration --sites), cur (spend --cur, report --cur), inventory, shares, flows, policy
EXAMPLES = (
    Example("small_branch", "scenario", "scenarios/small_branch.yaml",
            "a branch office in Dallas: VPN on VGW and TGW, accelerated VPN, hosted DX"),
    Example("frankfurt_dc", "scenario", "scenarios/frankfurt_dc.yaml",
            "a data centre with tens of TB a month: VPN against dedicated and hosted DX"),
    Example("branches_cloudhub", "scenario", "scenarios/branches_cloudhub.yaml",
            "ten branches: VGW CloudHub against a transit gateway"),
    Example("migration_two_weeks", "scenario", "scenarios/migration_two_weeks.yaml",
            "a two-week migration where one-time costs and partial hours dominate"),
    Example("flat_rate_dc", "scenario", "scenarios/flat_rate_dc.yaml",
            "a 10G port pair pay-as-you-go or at the flat rate, and 5 Gbps VPN tunnels"),
    Example("concentrator_branches", "scenario", "scenarios/concentrator_branches.yaml",
            "forty branches: one VPN each, a VPN Concentrator, or Cloud WAN"),
    Example("resilient_dc", "scenario", "scenarios/resilient_dc.yaml",
            "DX with static or BGP VPN backup, with a failover: section"),
    Example("hub_and_spoke_dc", "scenario", "scenarios/hub_and_spoke_dc.yaml",
            "a quarter of a DC's traffic with VPCs in another Region: TGW peering or the DX gateway there too"),
    Example("global_estate", "network", "networks/global_estate.yaml",
            "a network: 2 DCs and 75 branches on three continents, three Regions, two DX locations, two accounts"),
    Example("hub_or_dx_gateway", "network", "networks/hub_or_dx_gateway.yaml",
            "one 10G port for two Regions: TGW peering (hub and spoke) or the DX gateway associated with both"),
    Example("optimize_estate", "network", "networks/optimize_estate.yaml",
            "2 DCs, 4 offices and 60 branches on VPN today, with targets: what should each use? (vpncost optimize)"),
    Example("hybrid_plan", "plan", "iac/hybrid_plan.json",
            "a Terraform plan (terraform show -json): an accelerated branch VPN, a DC on a LAG, a peering"),
    Example("hybrid_usage", "usage", "iac/hybrid_usage.yml",
            "traffic for hybrid_plan's resources (estimate|compare PLAN --usage; Infracost keys too)"),
    Example("hybrid_template", "plan", "iac/hybrid_template.yaml",
            "a CloudFormation template: a transit gateway, two VPNs, a peering under a condition"),
    Example("sample_estate", "estate", "estates/sample_estate.yaml",
            "what the sample CUR bills: two VPNs on a transit gateway and a 1 Gbps DX (spend --model)"),
    Example("sites_world", "sites", "sites_world.csv", "sites on six continents (acceleration --sites)"),
    Example("sample_cur", "cur", "sample_cur/cur2", "a CUR 2.0 export (Parquet), two accounts, three months"),
    Example("sample_cur_legacy", "cur", "sample_cur/legacy", "the same bill as a legacy CUR (gzipped CSV)"),
    Example("sample_inventory", "inventory", "sample_inventory",
            "one Region's VPN, DX and attachments as files, six wasteful resources planted"),
    Example("sample_shares", "shares", "shares/sample_shares.csv", "who uses what, for spend --allocate table"),
    Example("sample_flows", "flows", "shares/sample_flows.csv", "traffic per attachment, for flow-based sharing"),
    Example("sample_metering_policy", "policy", "shares/sample_metering_policy.json",
            "a transit gateway metering policy (spend --metering-policy)"),
)
_BY_NAME = {e.name: e for e in EXAMPLES}


def names(*kinds: str) -> list:
    """The examples' names, of the given kinds (all when none is given)."""
    return [e.name for e in EXAMPLES if not kinds or e.kind in kinds]


def get(name: str) -> Example:
    """The example called ``name``; one line naming the allowed names otherwise."""
    try:
        return _BY_NAME[name]
    except (KeyError, TypeError):
        raise VpncostError(f"no example {name!r}; allowed: {', '.join(names())}") from None


def path(name: str) -> Path:
    """Where the example ``name`` is on disk, e.g. ``load_scenario(examples.path("frankfurt_dc"))``."""
    return get(name).location


def resolve(text, *kinds: str):
    """``text`` as given when it names something on disk, else the example of that name and kind.

    A file the user has always wins: ``frankfurt_dc`` in the current folder is read, not the example. A name that
    is neither a file nor an example is returned unchanged, so the reader reports the missing file as before.
    """
    if isinstance(text, str) and text in _BY_NAME and not os.path.lexists(text):  # a broken link is a file too
        example = _BY_NAME[text]
        if not kinds or example.kind in kinds:
            return str(example.location)
    return text


def write(name: str, out) -> Path:
    """Copy the example ``name`` to ``out``: a file (replaced atomically if it exists: the user named it), or for a
    folder example a new or empty folder (never merged into one that has files; an empty one, the current folder
    included, is filled, not replaced). Copies get ordinary file modes, whatever the install's. Returns where it
    went."""
    import shutil
    import tempfile

    from vpncost.fileio import atomic_write

    source = get(name).location
    try:
        if source.is_file():
            return atomic_write(out, lambda tmp: shutil.copyfile(source, tmp), inputs=(source,))
        target = Path(os.path.realpath(out))
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise VpncostError(f"{out}: exists and is not an empty folder; name a new or empty folder for {name}")
        if target == source or source in target.parents:
            raise VpncostError(f"{out}: is inside the shipped example {name}; name a folder outside it")
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            shutil.copytree(source, tmp / "copy", copy_function=shutil.copyfile)
            if target.exists():  # empty, checked above: fill it, never remove it (it may be the current folder)
                for child in (tmp / "copy").iterdir():
                    os.replace(child, target / child.name)
            else:
                os.replace(tmp / "copy", target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return target
    except OSError as exc:  # a path under a regular file, no permission, disk full
        raise VpncostError(f"{out}: cannot write the example {name} ({os.strerror(exc.errno) if exc.errno else exc})") from None
