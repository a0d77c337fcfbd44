"""`deck edit`: the local editor, through its HTTP server and in a real browser (headless Chromium)."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser import chromium, console_errors

from deck.kit.load import load_kit, resolve_kit
from deck.web.editor import serve


@pytest.fixture
def editor(request):
    """An editor serving a kit (the test's parameter: a path) on a free port, stopped after the test."""
    servers = []

    def start(kit: Path):
        server = serve(kit)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return server

    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


def _call(server, path: str, body=None, token: str | None = "", headers=None) -> tuple[int, dict]:
    url = f"http://127.0.0.1:{server.port}{path}"
    h = {"X-Deck-Token": server.token if token == "" else token} if token is not None else {}
    h.update(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers={k: v for k, v in h.items() if v is not None})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, json.loads(r.read() or b"{}") if "json" in r.headers["Content-Type"] else {}
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def test_without_the_token_from_another_origin_or_outside_the_kit_it_refuses(editor, kit_copy, capfd):
    server = editor(kit_copy)
    assert server.server_address[0] == "127.0.0.1"
    assert _call(server, "/", token=None)[0] == 403
    assert _call(server, "/api/info", token=None)[0] == 403
    assert _call(server, "/api/info", token="not-the-token")[0] == 403
    assert _call(server, "/api/info", headers={"Origin": "http://evil.example"})[0] == 403
    assert _call(server, "/api/info", headers={"Host": "evil.example"})[0] == 403
    assert _call(server, "/api/file?name=../../../etc/passwd")[0] == 403
    assert _call(server, "/api/file?name=/etc/passwd")[0] == 403
    outside = {"deck": "acteurs", "card": "direction", "own": True, "file": "../kit.yaml", "path": ["actors", 0]}
    assert _call(server, "/api/save", {**outside, "value": {}, "fields": []})[0] == 403
    status, info = _call(server, "/api/info")
    assert status == 200 and info["kit"]["title"] == "Atelier exemple" and not info["kit"]["bundled"]
    assert _call(server, "/api/file?name=contenu.yaml")[0] == 200
    assert any("/api/info" in line for line in server.log)  # the request log is kept…
    assert capfd.readouterr() == ("", "")  # …and never printed


def test_a_change_is_checked_with_the_cli_messages_and_an_invalid_kit_is_not_saved(editor, kit_copy):
    server = editor(kit_copy)
    before = (kit_copy / "contenu.yaml").read_text(encoding="utf-8")
    status, place = _call(server, "/api/card?deck=consignes&card=consigne-1")
    assert status == 200 and place["def"] == "Card" and place["value"]["title"] == "Posez le décor"
    ask = {k: place[k] for k in ("file", "path", "own")} | {"deck": "consignes", "card": "consigne-1"}
    started = time.monotonic()
    status, r = _call(server, "/api/preview", {**ask, "value": {"resources": ["nulle-part"]}, "fields": ["resources"]})
    assert time.monotonic() - started < 5
    assert status == 200 and not r["ok"]
    line = next(p for p in r["problems"] if "nulle-part" in p)
    assert line.startswith(f"{kit_copy / 'contenu.yaml'}:") and ": error: " in line  # where the CLI says it
    status, r = _call(server, "/api/save", {**ask, "value": {"resources": ["nulle-part"]}, "fields": ["resources"]})
    assert status == 200 and r["saved"] is None
    assert (kit_copy / "contenu.yaml").read_text(encoding="utf-8") == before


def test_a_bundled_kit_is_never_written_the_editor_starts_an_overlay(editor, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    server = editor(resolve_kit("atelier-exemple"))
    base = resolve_kit("atelier-exemple") / "contenu.yaml"
    before = base.read_bytes()
    status, place = _call(server, "/api/card?deck=acteurs&card=direction")
    assert status == 200 and not place["editable"]
    ask = {k: place.get(k) for k in ("file", "path", "own", "chain")} | {"deck": "acteurs", "card": "direction"}
    change = {**ask, "value": {**place["value"], "name": "Direction générale"}, "fields": ["name"]}
    assert _call(server, "/api/save", change)[0] == 403
    status, r = _call(server, "/api/overlay", {"dir": "mon-kit"})
    assert status == 200, r
    status, place = _call(server, "/api/card?deck=acteurs&card=direction")
    assert status == 200 and place["editable"] and not place["own"]
    ask = {k: place.get(k) for k in ("file", "path", "own", "chain")} | {"deck": "acteurs", "card": "direction"}
    status, r = _call(
        server,
        "/api/save",
        {**ask, "value": {**place["value"], "name": "Direction générale"}, "fields": ["name", "role"]},
    )
    assert status == 200 and r["saved"] == "changes.yaml", r
    assert base.read_bytes() == before
    changes = (tmp_path / "mon-kit" / "changes.yaml").read_text(encoding="utf-8")
    assert "# Changes to the kit this one extends" in changes  # the scaffold's comments stay
    import yaml

    assert yaml.safe_load(changes)["actors"] == [{"id": "direction", "name": "Direction générale"}]  # what differs
    kit, diag = load_kit(tmp_path / "mon-kit")
    assert kit is not None and kit.index("actors")["direction"].name == "Direction générale"


def test_in_a_browser_a_new_title_is_previewed_then_saved_with_the_comments(editor, kit_copy):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    text = (kit_copy / "contenu.yaml").read_text(encoding="utf-8")
    text = text.replace("cards:\n", "# the instructions, one card each\ncards:\n", 1)
    text = text.replace('    title: "Posez le décor"\n', '    title: "Posez le décor"   # read aloud first\n')
    (kit_copy / "contenu.yaml").write_text(text, encoding="utf-8")
    server = editor(kit_copy)
    driver = chromium(1400, 900)
    wait = WebDriverWait(driver, 15)
    driver.get(server.url)
    button = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, 'nav button[data-card="consigne-1"]'))
    # the form comes from the schema: the controls of a generic card, in the model's order
    kinds = driver.execute_script(
        "const token = document.querySelector('meta[name=deck-token]').content;"
        "return fetch('/api/schema', {headers: {'X-Deck-Token': token}}).then(r => r.json())"
        ".then(s => DeckForm.fields(s.schema, 'Card', s.multiline).map(f => f.name + ':' + f.kind))"
    )
    assert kinds == [
        "id:line",
        "title:line",
        "type:line",
        "number:line",
        "text:paragraphs",
        "items:lines",
        "back:paragraphs",
        "resources:lines",
        "added:paragraphs",
    ]
    button.click()
    title = wait.until(lambda d: d.find_element(By.ID, "f-title"))
    assert title.get_attribute("value") == "Posez le décor"
    wait.until(lambda d: d.find_element(By.ID, "front").get_attribute("src").startswith("data:image/png"))
    first = driver.find_element(By.ID, "front").get_attribute("src")
    title.clear()
    title.send_keys("Plantez le décor")
    typed = time.monotonic()
    wait.until(lambda d: d.find_element(By.ID, "front").get_attribute("src") != first)
    wait.until(lambda d: "checked" in d.find_element(By.ID, "status").text)
    took = time.monotonic() - typed
    assert took < 3, f"the preview took {took:.1f} s"  # 0.25 s of typing pause, then about 0.1 s
    driver.find_element(By.ID, "save").click()
    wait.until(lambda d: "saved in contenu.yaml" in d.find_element(By.ID, "status").text)
    assert not console_errors(driver)
    after = (kit_copy / "contenu.yaml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(text.splitlines(), after.splitlines(), strict=True) if a != b]
    assert len(changed) == 1  # the title's line; every other line, comments included, as it was
    assert changed[0][1].startswith('    title: "Plantez le décor"') and changed[0][1].endswith("# read aloud first")
    assert "# the instructions, one card each\ncards:\n" in after
