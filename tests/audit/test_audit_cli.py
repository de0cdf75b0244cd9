import json

from typer.testing import CliRunner

from flopgrid.cli import app


def test_audit_cli_prints_every_claim_with_verdicts_and_sources(tmp_path):
    out = tmp_path / "findings.json"
    result = CliRunner().invoke(app, ["audit", "--no-plan", "--json", str(out)])
    assert result.exit_code == 0, result.output
    findings = json.loads(out.read_text())
    assert len(findings) == 10
    assert "sources" in result.output
    assert "datacenterdynamics.com" in result.output
    counts = {
        v: sum(f["verdict"] == v for f in findings)
        for v in ("consistent", "optimistic", "inconsistent")
    }
    assert f"{counts['consistent']} consistent" in result.output
    assert counts["inconsistent"] >= 1 and counts["optimistic"] >= 1


def test_audit_cli_bad_file(tmp_path):
    result = CliRunner().invoke(app, ["audit", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2


def test_audit_cli_names_the_claim_and_the_missing_param(tmp_path):
    claims = tmp_path / "my-claims.yaml"
    claims.write_text(
        "claims:\n"
        "  - id: my-claim\n"
        "    claim: A 1 GW campus costs about 40 billion USD\n"
        "    source: my notes\n"
        "    check: cost_per_power\n"
        "    params: {cost_usd: 40.0e+9, generations: [GB200]}\n"
    )
    result = CliRunner().invoke(app, ["audit", str(claims), "--no-plan"])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert (
        "my-claims.yaml: claims[0] (my-claim): its check 'cost_per_power' needs params.power_gw"
        in text
    )
    assert "Traceback" not in text
