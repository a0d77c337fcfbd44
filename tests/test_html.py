"""`deck export html`: a self-contained site of the kit, read in a real browser (headless Chromium)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import broken_images, chromium, console_errors
from conftest import EXAMPLE, run


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.imgs: list[dict] = []
        self.headings: list[str] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        for key in ("href", "src"):
            if key in a:
                self.refs.append((tag, key, a[key]))
        if tag == "img":
            self.imgs.append(a)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(tag)


def _parse(path: Path) -> _Refs:
    p = _Refs()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    r = run("export", "html", EXAMPLE, "-o", out)
    assert r.exit_code == 0, r.output
    return out


def test_the_site_is_self_contained_accessible_and_matches_the_png_export(example_site, tmp_path):
    site = example_site
    pages = sorted(site.glob("*.html"))
    assert {"index.html", "resources.html", "deck-acteurs.html", "card-acteurs-direction.html"} <= {
        p.name for p in pages
    }
    for page in pages:
        doc = _parse(page)
        assert doc.lang == "fr", page.name
        assert doc.headings.count("h1") == 1, page.name  # one title, then h2, h3… in order
        for tag, key, value in doc.refs:
            if tag == "a" and value.startswith(("https://", "http://")):
                continue  # a resource's own address: a link to follow, not an asset the page loads
            assert not re.match(r"^[a-z]+:|^//", value), f"{page.name}: {tag} {key}={value} leaves the site"
            file, _, anchor = value.partition("#")
            assert (site / (file or page.name)).is_file(), f"{page.name}: {value} is missing"
            if anchor:
                assert f'id="{anchor}"' in (site / (file or page.name)).read_text(encoding="utf-8"), value
        for img in doc.imgs:
            assert "alt" in img and img.get("width") and img.get("height"), f"{page.name}: {img}"
    # a card's text is HTML beside its images, and its faces are the PNGs deck export png writes
    card = (site / "card-acteurs-direction.html").read_text(encoding="utf-8")
    assert "<h3>Direction</h3>" in card and 'alt="Recto de la carte « Direction »"' in card
    png = tmp_path / "png"
    assert run("export", "png", EXAMPLE, "-o", png).exit_code == 0
    faces = sorted(p.name for p in png.glob("*.png"))
    assert faces == sorted(p.name for p in site.glob("*.png"))
    assert all((png / n).read_bytes() == (site / n).read_bytes() for n in faces)
    # deterministic: the same kit, the same bytes
    again = tmp_path / "again"
    assert run("export", "html", EXAMPLE, "-o", again).exit_code == 0
    first = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert first == json.loads((again / "manifest.json").read_text(encoding="utf-8"))


def test_a_file_of_the_users_in_the_way_stops_the_export(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<p>my own page</p>", encoding="utf-8")
    r = run("export", "html", EXAMPLE, "-o", out)
    assert r.exit_code == 1
    assert "deck never overwrites your files" in r.output
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>my own page</p>"


def _walk(driver, site: Path, deck_title: str, card_title: str) -> None:
    """Home -> a deck -> a card -> one of its resources, in the browser: images load, no console error."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get((site / "index.html").as_uri())
    assert not broken_images(driver)
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)  # the first Tab reaches the skip link, shown when focused
    skip = driver.switch_to.active_element
    assert skip.get_attribute("class") == "skip" and skip.is_displayed()
    driver.find_element(By.PARTIAL_LINK_TEXT, deck_title).click()
    assert driver.find_element(By.TAG_NAME, "h1").text == deck_title
    assert not broken_images(driver)
    driver.find_element(By.PARTIAL_LINK_TEXT, card_title).click()
    assert driver.find_element(By.TAG_NAME, "h1").text == card_title
    assert not broken_images(driver)
    faces = driver.find_elements(By.CSS_SELECTOR, ".face img")
    assert len(faces) == 2 and all(f.get_attribute("alt") for f in faces)
    link = driver.find_element(By.CSS_SELECTOR, 'a[href^="resources.html#"]')
    target = link.get_attribute("href").split("#")[1]
    link.click()
    assert driver.current_url.endswith(f"resources.html#{target}")
    item = driver.find_element(By.ID, target)
    assert item.find_element(By.TAG_NAME, "a").get_attribute("href").startswith(("https://", "http://"))
    assert not console_errors(driver)


def test_in_a_browser_a_deck_leads_to_a_card_and_its_resource(example_site):
    driver = chromium()
    _walk(driver, example_site, "Consignes", "Posez le décor")


@pytest.mark.slow
def test_the_default_kits_site_in_a_browser_with_the_png_exports_images(tmp_path):
    site, png = tmp_path / "site", tmp_path / "png"
    r = run("export", "html", "-o", site)
    assert r.exit_code == 0, r.output
    assert run("export", "png", "-o", png).exit_code == 0
    faces = sorted(p.name for p in png.glob("*.png"))
    assert faces == sorted(p.name for p in site.glob("*.png") if not p.name.startswith("board-"))
    different = [n for n in faces if (png / n).read_bytes() != (site / n).read_bytes()]
    assert not different
    boards = sorted(p.name for p in site.glob("board-*.png"))
    assert boards == ["board-map.png", "board-method.png"] + [f"board-s{i}.png" for i in range(1, 5)]
    from PIL import Image

    assert max(Image.open(site / "board-s1.png").size) == 3840
    driver = chromium()
    _walk(driver, site, "Scénarios", "Appréciation et valorisation de la performance collective")
    driver.get((site / "board-s1.html").as_uri())
    assert not broken_images(driver) and not console_errors(driver)
