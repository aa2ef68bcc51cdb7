"""The report pipeline: papermill runs the package's ``templates/report.ipynb`` in a kernel, nbconvert exports it to a
static HTML file (no code, no scripts, embedded charts); or the report's tables as CSV files.

Bad input fails before any file is touched; a failing run leaves no file."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from vpncost.errors import VpncostError, require


def template_path(kind: str = "scenario") -> Path:
    """The report template of a ``scenario`` or a ``network`` (:func:`vpncost.paths.report_template_path`)."""
    from vpncost.paths import report_template_path

    p = report_template_path(kind)
    if not p.exists():
        var = "VPNCOST_NETWORK_REPORT_TEMPLATE" if kind == "network" else "VPNCOST_REPORT_TEMPLATE"
        raise VpncostError(f"report template {p} not found; set {var}")
    return p


@contextmanager
def _socket_dir(tmp):
    """``tmp``, or when its path is too long for a Unix socket (108 bytes with the kernel's ``-N`` suffix: a long
    TMPDIR) a private folder of its own under /tmp."""
    from vpncost.fileio import private_workdir

    if len(str(Path(tmp) / "kernel-99")) < 100:
        yield tmp
        return
    with private_workdir("vpncost-kernel-", root="/tmp") as short:
        yield short


@contextmanager
def _quiet_kernel_env():
    """The kernel inherits this process's environment when it starts: for that moment, tell debugpy (which
    ipykernel loads) not to print its "frozen modules" warning on the user's terminal (ipykernel 6.29 on Python
    3.11 does: eight lines around the report's one). The variable is restored afterwards."""
    import os

    key, old = "PYDEVD_DISABLE_FILE_VALIDATION", os.environ.get("PYDEVD_DISABLE_FILE_VALIDATION")
    os.environ[key] = "1"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = old


def export_html(nb) -> str:
    """HTML of an executed notebook without code cells or prompts; scripts and external styles removed,
    so nothing runs or is fetched when the file is opened (charts are embedded PNGs)."""
    import re

    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nb)
    # the report is static: drop every script (MathJax set-up, a Mermaid loader that would fetch from a CDN)
    # and any stylesheet link to the network; user strings were escaped, so no script of theirs can remain
    body = re.sub(r"<script\b[^>]*>.*?</script>", "", body, flags=re.I | re.S)
    body = re.sub(r"<link[^>]*\bhref=[\"']https?://[^>]*>", "", body, flags=re.I)
    return body


def render(scenario_path, out, cur_path=None, fmt: str = "html", title: "str | None" = None,
           currency: str = "USD", years: "int | None" = None, timeout_s: int = 600,
           chargeback_tag: "str | None" = None, rule: str = "traffic") -> Path:
    """Write the report for a scenario or a network (told apart by content, as ``estimate`` does): ``html``
    (papermill + nbconvert) or ``csv`` (the tables); with ``chargeback_tag`` and a CUR, the bill split by that
    cost-allocation tag too; for a network, ``rule`` splits shared costs into each site's cost to connect."""
    from vpncost.errors import ScenarioError
    from vpncost.fileio import atomic_write, atomic_write_text, output_path, read_input
    from vpncost.present.text import csv_safe
    from vpncost.scenario import is_network, load_scenario, parse_yaml

    output_path(out, (scenario_path, cur_path))  # the name as given: '' is an error, not '.'
    out = Path(out)
    if fmt not in ("html", "csv"):
        raise VpncostError(f"--format {fmt!r}; allowed: html, csv")
    # bad input fails here, in one line, before any file is touched
    network = is_network(parse_yaml(read_input(scenario_path, "scenario", ScenarioError), str(scenario_path)))
    if network:
        from vpncost.model.network import RULES
        from vpncost.network import load_network
        if years:
            raise VpncostError(f"--years: {scenario_path} is a network, priced for its own period (its 'years' "
                               "spread one-time costs); --years applies to scenarios")
        if rule not in RULES:
            raise VpncostError(f"--split: {rule!r}; allowed: {', '.join(RULES)}")
        subject = load_network(scenario_path)
    else:
        subject = load_scenario(scenario_path)
    if chargeback_tag and not cur_path:
        raise VpncostError("report: --chargeback-tag splits the bill: use it with --cur")
    if fmt == "csv":
        if network:
            from vpncost.present import network_report
            tables = network_report.csv_tables(network_report.context(subject, cur_path, title, currency, rule,
                                                                      chargeback_tag=chargeback_tag))
        else:
            from vpncost.present.report import context
            ctx = context(subject, cur_path, title, currency, years, chargeback_tag=chargeback_tag)
            tables = {"": ctx.breakdown, "-summary": ctx.summary, "-tco": ctx.tco_summary,
                      "-break-even": ctx.break_even}
            for suffix, table in (("-failover", ctx.failover), ("-spend", ctx.spend),
                                  ("-new-options", ctx.new_options), ("-chargeback", ctx.chargeback)):
                if table is not None:
                    tables[suffix] = table
        stem = out.with_suffix("") if out.suffix == ".csv" else out
        written = []
        for suffix, table in tables.items():
            path = Path(f"{stem}{suffix}.csv")
            atomic_write(path, lambda p, t=table: csv_safe(t).to_csv(p, index=False), inputs=(scenario_path, cur_path))
            written.append(path)
        return written[0]
    from vpncost.fileio import private_workdir

    nbformat = require("nbformat", "notebooks", "vpncost report")
    pm = require("papermill", "notebooks", "vpncost report")
    for module in ("nbconvert", "ipykernel", "jupyter_client.manager"):
        require(module, "notebooks", "vpncost report")
    from jupyter_client.manager import KernelManager

    params = {"cur_path": str(Path(cur_path).resolve()) if cur_path else "", "title": title or "",
              "currency": currency, "chargeback_tag": chargeback_tag or ""}
    if network:
        params.update(network_path=str(Path(scenario_path).resolve()), rule=rule)
    else:
        params.update(scenario_path=str(Path(scenario_path).resolve()), years=int(years or 0))
    template = template_path("network" if network else "scenario")
    with private_workdir("vpncost-report-") as tmp, _socket_dir(tmp) as sockets:   # a killed run's folders are
        executed = Path(tmp) / "report.ipynb"                                        # removed by the next one
        # IPC sockets in a private folder: the kernel is reachable by no other host or user, and prints no
        # "running over TCP without encryption" warning on the user's terminal
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
        try:
            with _quiet_kernel_env():
                pm.execute_notebook(str(template), str(executed), parameters=params, kernel_name="python3",
                                    km=km, cwd=str(template.parent), progress_bar=False, log_output=False,
                                    execution_timeout=timeout_s)
        except pm.PapermillExecutionError as exc:
            first = str(exc.evalue).splitlines()[0][:300] if str(exc.evalue) else "no detail"
            if exc.ename in _user_errors():  # bad input found in the kernel (a CUR it read): the user's one line
                raise VpncostError(first) from None
            raise VpncostError(f"report: the template failed: {exc.ename}: {first}") from None
        except Exception as exc:  # kernel could not start, timeout...
            raise VpncostError(f"report: could not run the template ({type(exc).__name__}: "
                               f"{str(exc).splitlines()[0][:200] if str(exc) else 'no detail'})") from None
        finally:  # a kernel manager passed in is ours to stop (nbclient stops only the ones it made)
            if km.has_kernel:
                km.shutdown_kernel(now=True)
        done = nbformat.read(executed, as_version=4)
        done.metadata["title"] = title or subject.name  # the page's <title>, as the report's heading
        body = export_html(done)
    atomic_write_text(out, body, inputs=(scenario_path, cur_path))
    return out


def _user_errors() -> set:
    """Names of every :class:`~vpncost.errors.VpncostError` class: errors that carry the user's one line."""
    todo, names = [VpncostError], set()
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo += cls.__subclasses__()
    return names
