import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# property tests search the same examples on every run (CI stays repeatable); no example database on disk
settings.register_profile("repeatable", derandomize=True, database=None)
settings.load_profile("repeatable")

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[1]


def run_cli(argv, timeout_s: float = 60):
    """``vpncost.cli.main(argv)`` in a thread, so a hang fails the test instead of stalling the suite."""
    import threading

    from vpncost.cli import main

    result = {}
    worker = threading.Thread(target=lambda: result.update(code=main(argv)), daemon=True)
    worker.start()
    worker.join(timeout_s)
    assert not worker.is_alive(), f"hung: {argv}"
    return result["code"]


@pytest.fixture(autouse=True)
def _no_aws(monkeypatch):
    """Tests never reach AWS: fake credentials, no profile, no real endpoint by accident."""
    for var in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)


@pytest.fixture
def catalog():
    from vpncost.pricing.catalog import load_prices
    return load_prices()


SCENARIOS = sorted((ROOT / "data" / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="session")
def example_scenarios():
    from vpncost.scenario import load_scenario
    return [load_scenario(p) for p in SCENARIOS]


def plan_of(*resources, region="us-east-1"):
    """A minimal plan in the documented format: (address, type, after values[, references]) created."""
    changes, config = [], []
    for r in resources:
        address, type_, after = r[:3]
        refs = r[3] if len(r) > 3 else {}
        changes.append({"address": address, "mode": "managed", "type": type_, "name": address.split(".")[-1],
                        "provider_name": "registry.terraform.io/hashicorp/aws",
                        "change": {"actions": ["create"], "before": None, "after": after,
                                   "after_unknown": {"id": True}, "after_sensitive": {}}})
        config.append({"address": address, "mode": "managed", "type": type_, "name": address.split(".")[-1],
                       "provider_config_key": "aws",
                       "expressions": {k: {"references": [f"{v}.id", v]} for k, v in refs.items()}})
    return {"format_version": "1.2", "terraform_version": "1.9.8", "resource_changes": changes,
            "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
                "region": {"constant_value": region}}}}, "root_module": {"resources": config}}}

