"""Shared plumbing for the browser tests: headless Chromium and a throwaway JupyterLab.

Chromium is Debian's ``/usr/bin/chromium`` (or ``NEWSANALYSIS_CHROMIUM``), driven by the
``playwright`` Python package through ``executable_path``: no browser is downloaded. When it
is missing the tests skip with a loud reason, except under ``CI`` where they fail: CI must
run them.

JupyterLab runs on 127.0.0.1 with a random free port, a random token, a fresh root folder
and fresh settings/workspace folders; it and Chromium are stopped by process id (the whole
process group JupyterLab leads, which holds its kernels) in teardown.

Import the fixtures into a test module with ``from browser_support import ...``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
SAMPLE_CORPUS = REPO_ROOT / "data" / "sample"
#: Annotation cache shared by the notebook, report and browser tests (git-ignored), so the
#: real-corpus slice is parsed once per machine, not once per test module.
NOTEBOOK_CACHE = REPO_ROOT / "artifacts" / "notebook-cache"
#: Size of the slice of the News Articles corpus the trends notebook runs on in tests.
TRENDS_SLICE = 150
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1400, "height": 1000}


def chromium_path() -> str | None:
    """Path of the Chromium binary, or None when it is not installed."""
    candidates = [os.environ.get("NEWSANALYSIS_CHROMIUM"), "/usr/bin/chromium",
                  shutil.which("chromium"), shutil.which("chromium-browser")]
    for cand in candidates:
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return cand
    return None


def require_chromium() -> str:
    """Return Chromium's path; skip loudly without it, or fail when ``CI`` is set."""
    path = chromium_path()
    problem = None
    if path is None:
        problem = ("Chromium is not installed (looked for $NEWSANALYSIS_CHROMIUM, /usr/bin/chromium, "
                   "chromium on PATH); on Debian: apt-get install chromium")
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright Python package is not installed (pip install -e .[dev])"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"BROWSER TESTS CANNOT RUN IN CI: {problem}", pytrace=False)
        pytest.skip(f"!!! BROWSER TESTS SKIPPED: {problem} !!!")
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop_group(proc: subprocess.Popen, *, grace: float = 10.0) -> None:
    """Stop a process we started (and the process group it leads), by its id."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)  # the group was created for this process (start_new_session)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


# --------------------------------------------------------------------------- JupyterLab
@dataclass
class JupyterLab:
    """A running JupyterLab server started by :func:`start_jupyterlab`."""

    proc: subprocess.Popen
    port: int
    token: str
    root_dir: Path
    log_path: Path
    state_dir: Path
    extra: dict = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, notebook: str) -> str:
        return f"{self.base_url}/lab/tree/{notebook}?token={self.token}&reset"

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(f"{self.base_url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        # ask politely first (it shuts its kernels down too); _stop_group ends whatever is left
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.api("/api/shutdown", method="POST")
            self.proc.wait(timeout=15)
        _stop_group(self.proc)
        if self.extra.get("log_file"):
            self.extra["log_file"].close()
        shutil.rmtree(self.state_dir, ignore_errors=True)


#: User settings for the throwaway Lab: start the notebook's kernel without asking, render
#: every cell (no windowing, so off-screen figures exist in the DOM to be counted), and no
#: news pop-up over the notebook.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "autoStartDefaultKernel": True, "windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


def _write_lab_settings(folder: Path) -> None:
    for rel, value in LAB_SETTINGS.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


def start_jupyterlab(root_dir: Path, *, timeout: float = 120.0, env: dict | None = None) -> JupyterLab:
    """Start JupyterLab serving ``root_dir`` on a random port and wait until it answers."""
    port, token = free_port(), secrets.token_hex(16)
    state = Path(tempfile.mkdtemp(prefix="newsanalysis-lab-state-"))
    for sub in ("runtime", "settings", "workspaces", "config"):
        (state / sub).mkdir()
    _write_lab_settings(state / "settings")
    log_path = state / "jupyterlab.log"
    log_file = open(log_path, "w")  # noqa: SIM115 - open for the server's lifetime, closed in stop()
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
        "--no-browser", "--allow-root",
        "--ServerApp.open_browser=False",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.user_settings_dir={state / 'settings'}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--ServerApp.terminals_enabled=False",
    ]
    run_env = dict(os.environ)
    run_env.update({"JUPYTER_RUNTIME_DIR": str(state / "runtime"),
                    "JUPYTER_CONFIG_DIR": str(state / "config"),
                    "PYTHONUNBUFFERED": "1"})
    # the kernel must be this interpreter: put its bin/ first on PATH
    run_env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{run_env.get('PATH', '')}"
    run_env.pop(  # never a report-mode kernel here: the notebooks must use live widgets
        "NEWSANALYSIS_REPORT", None)
    run_env.update(env or {})
    proc = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT, env=run_env,
                            cwd=root_dir, start_new_session=True)
    lab = JupyterLab(proc, port, token, Path(root_dir), log_path, state, {"log_file": log_file})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {proc.returncode}:\n{lab.log()[-3000:]}")
        try:
            lab.api("/api/status")
            return lab
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.5)
    lab.stop()
    raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{lab.log()[-3000:]}")


# --------------------------------------------------------------------------- Chromium
class Browser:
    """A headless Chromium (persistent context in a fresh user-data dir)."""

    def __init__(self, executable: str, *, offline: bool = False):
        from playwright.sync_api import sync_playwright

        self.user_data = Path(tempfile.mkdtemp(prefix="newsanalysis-chromium-"))
        self._pw = sync_playwright().start()
        self.context = self._pw.chromium.launch_persistent_context(
            str(self.user_data),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,
            device_scale_factor=1,
        )
        self.offline = offline
        if offline:
            self.context.route("**/*", _file_only)

    def new_page(self):
        page = self.context.new_page()
        page.set_default_timeout(60_000)
        return page

    def close(self) -> None:
        try:
            self.context.close()  # ends the Chromium process playwright started
        finally:
            self._pw.stop()
            shutil.rmtree(self.user_data, ignore_errors=True)


def _file_only(route):
    """Network disabled: let file:// (and data:/blob:) through, abort everything else."""
    url = route.request.url
    if url.startswith(("file:", "data:", "blob:")):
        route.continue_()
    else:
        route.abort("internetdisconnected")


# --------------------------------------------------------------------------- driving Lab
def open_notebook(page, lab: JupyterLab, notebook: str) -> None:
    """Open ``notebook`` in Lab and wait until its kernel is idle."""
    page.goto(lab.url(notebook))
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    dialog = page.locator(".jp-Dialog .jp-mod-accept")
    # a "Select Kernel" dialog, if the settings did not prevent it; none within 3 s is fine
    with contextlib.suppress(PlaywrightTimeout):
        dialog.wait_for(timeout=3_000)
        dialog.click()
    wait_kernel_idle(page)
    current = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if current.count():  # collapse the file browser: more width for the figures
        current.first.click()


def wait_kernel_idle(page, *, timeout: float = 120.0) -> None:
    """Wait until the notebook's kernel has started and reports idle."""
    page.wait_for_function(
        """() => {
            const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
            if (!panel) return false;
            const s = panel.querySelector('.jp-Notebook-ExecutionIndicator[data-status]');
            const name = panel.querySelector('.jp-Toolbar-kernelName');
            return s && s.getAttribute('data-status') === 'idle'
                && name && !/No Kernel/.test(name.textContent);
        }""",
        timeout=timeout * 1000,
    )


def run_all_cells(page, *, timeout: float = 600.0) -> None:
    """Run every cell (Run menu → Run All Cells) and wait until none is pending."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-content .lm-Menu-item", has_text="Run All Cells").first.click()
    page.wait_for_timeout(500)
    wait_cells_done(page, timeout=timeout)


#: JavaScript test of an output's text: a traceback (IPython writes "Cell In[n]" or
#: "Traceback (most recent call last)" in every error output, and no warning has either).
_IS_ERROR_JS = """t => /Traceback|Error\\b.*\\n/.test(t)
                 && /Traceback \\(most recent call last\\)|Cell In\\[\\d+\\]/.test(t)"""


class CellError(AssertionError):
    """A cell raised an error while the notebook ran (Run All stops there)."""


def wait_cells_done(page, *, timeout: float = 600.0) -> None:
    """Wait until every code cell has an execution count and the kernel is idle.

    Raises :class:`CellError` with the traceback as soon as an error output appears: Run
    All stops at a failing cell, so the cells after it would never get a count.
    """
    page.wait_for_function(
        """() => {
            const panel = '.jp-NotebookPanel:not(.lm-mod-hidden)';
            const isError = IS_ERROR;
            const outputs = [...document.querySelectorAll(panel + ' .jp-OutputArea-output')];
            if (outputs.some(e => isError(e.innerText))) return true;
            const prompts = [...document.querySelectorAll(panel + ' .jp-CodeCell .jp-InputPrompt')];
            if (!prompts.length) return false;
            return prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""".replace("IS_ERROR", _IS_ERROR_JS),
        timeout=timeout * 1000,
    )
    errors = cell_errors(page)
    if errors:
        raise CellError("a cell raised an error; Run All stopped there:\n" + "\n\n".join(errors))
    wait_kernel_idle(page, timeout=timeout)


def cell_errors(page) -> list[str]:
    """Texts of the error outputs (tracebacks) in the open notebook."""
    return page.eval_on_selector_all(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output",
        f"els => els.map(e => e.innerText).filter({_IS_ERROR_JS})",
    )


def count_rendered_plots(page) -> int:
    """Plotly figures that drew an SVG (in cell outputs and inside widgets)."""
    return page.locator(".js-plotly-plot .main-svg").evaluate_all(
        "els => new Set(els.map(e => e.closest('.js-plotly-plot'))).size")


def count_widget_views(page) -> int:
    """Top-level ipywidgets views rendered in cell outputs."""
    return page.locator(".jp-OutputArea-output > .jupyter-widgets").count()


def screenshot(page_or_locator, name: str) -> Path:
    """Save a PNG under artifacts/screenshots/ (git-ignored) and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page_or_locator.screenshot(path=str(path))
    return path


def screenshot_at(page, locator, name: str) -> Path:
    """Scroll ``locator``'s top into view and save what the reader sees (the viewport)."""
    locator.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    return screenshot(page, name)
