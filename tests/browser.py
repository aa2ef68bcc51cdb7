"""JupyterLab in headless Chromium for the tests and bench/browser_latency.py: a private copy of the notebooks, a
JupyterLab server on 127.0.0.1 with a random token, Debian's Chromium driven by Playwright (no browser download)."""
from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: true once every code cell has an execution count (outputs are cleared first, so old counts do not count)
ALL_RAN = """() => {
  const p = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')].map(e => e.textContent);
  return p.length > 0 && p.every(x => /\\[\\d+\\]/.test(x));
}"""


def chromium() -> "str | None":
    """Debian's Chromium (or another system Chromium/Chrome), or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyterlab(timeout_s: float = 90):
    """A JupyterLab server over a private copy of notebooks/ (``data/`` linked beside it, as in the repository):
    yields ``(base_url, token, folder)``; nothing the browser saves reaches the committed notebooks."""
    with tempfile.TemporaryDirectory(prefix="vpncost-lab-") as tmp:
        tmp = Path(tmp)
        shutil.copytree(ROOT / "notebooks", tmp / "root" / "notebooks")
        (tmp / "root" / "data").symlink_to(ROOT / "data")
        port, token = _free_port(), secrets.token_hex(16)
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp / "config"), "JUPYTER_DATA_DIR": str(tmp / "data"),
               "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
               "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
               "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
        # no "news" pop-up or announcements over the cells
        (tmp / "settings" / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
        (tmp / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
            '{"fetchNews": "false", "checkForUpdates": false}')
        log = open(tmp / "lab.log", "w")
        lab = subprocess.Popen([sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
                                f"--port={port}", f"--IdentityProvider.token={token}", "--allow-root",
                                f"--ServerApp.root_dir={tmp / 'root'}", "--LabApp.expose_app_in_browser=True"],
                               stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp / "root")
        try:
            url = f"http://127.0.0.1:{port}"
            end = time.monotonic() + timeout_s
            while True:
                if lab.poll() is not None:
                    raise RuntimeError(f"JupyterLab exited: {(tmp / 'lab.log').read_text()[-2000:]}")
                try:
                    urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > end:
                        raise RuntimeError("JupyterLab did not start in time") from None
                    time.sleep(0.3)
            yield url, token, tmp / "root"
        finally:
            lab.terminate()
            try:
                lab.wait(20)
            except subprocess.TimeoutExpired:
                lab.kill()
            log.close()


def open_notebook(page, url: str, token: str, name: str):
    """Open ``notebooks/NAME.ipynb`` and wait for its kernel to be idle."""
    # a workspace of its own: JupyterLab would otherwise reopen the notebooks of earlier pages beside it
    page.goto(f"{url}/lab/workspaces/{secrets.token_hex(4)}/tree/notebooks/{name}.ipynb?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=60_000)
    page.wait_for_function("(name) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget; "
                           "return w && w.context && w.context.path.endsWith(name + '.ipynb') && w.sessionContext && "
                           "w.sessionContext.kernelDisplayStatus === 'idle'; }", arg=name, timeout=60_000)


def run_all(page, timeout_ms: int = 180_000) -> None:
    """Clear every output, Run All, and wait until every code cell has run."""
    page.evaluate("window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function("() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]"
                           ".every(e => !/\\[\\d+\\]/.test(e.textContent))", timeout=10_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_RAN, timeout=timeout_ms)
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.kernelDisplayStatus === 'idle'",
                           timeout=timeout_ms)


def error_outputs(page) -> list:
    """Texts of error and stderr outputs on the page."""
    return [e.inner_text()[:500] for e in page.locator(".jp-OutputArea-output[data-mime-type="
                                                        "'application/vnd.jupyter.stderr']").all()]


def number_box(page, label: str):
    """The input of the number box labelled ``label``."""
    return page.locator(f".widget-text:has(label:text-is('{label}')) input")


def dropdown(page, label: str):
    """The select of the dropdown labelled ``label``."""
    return page.locator(f".widget-dropdown:has(label:text-is('{label}')) select")


def panel_chart_src(page) -> str:
    """The ``src`` of the chart image inside the panel's Output widget (it changes on every redraw)."""
    img = page.locator(".jupyter-widgets .jp-OutputArea-output img").first
    return img.get_attribute("src") or ""
