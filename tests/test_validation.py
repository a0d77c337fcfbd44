"""What a trainer sees when the YAML is wrong: located messages, exit code 1, nothing written."""

from __future__ import annotations

import time

from conftest import run


def _write(kit, name, text):
    (kit / name).write_text(text, encoding="utf-8")


def _errors(result):
    return [line for line in result.output.splitlines() if ": error: " in line]


def test_unknown_key_wrong_type_and_missing_reference_are_located(kit_copy, tmp_path):
    text = (kit_copy / "contenu.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    i = lines.index('    name: "Direction"')
    lines[i] = '    nmae: "Direction"'  # unknown key
    j = lines.index("    actors: [direction, cse]")
    lines[j] = "    actors: [direction, cs]"  # missing id
    k = lines.index("    questions:")
    lines[k + 1] = "      - {a: 1}"  # wrong type
    _write(kit_copy, "contenu.yaml", "\n".join(lines) + "\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.pdf").write_bytes(b"previous")
    result = run("build", kit_copy, "-o", out)
    assert result.exit_code == 1
    errors = _errors(result)
    path = f"{kit_copy}/contenu.yaml"
    assert any(
        e.startswith(f'{path}:{i + 1}:5: error: unknown key "nmae"') and 'did you mean "name"?' in e for e in errors
    ), errors
    assert any(
        e.startswith(f"{path}:{j + 1}:") and 'unknown actor "cs"' in e and 'did you mean "cse"?' in e for e in errors
    ), errors
    assert any(e.startswith(f"{path}:{k + 2}:") and "expected a text, found a mapping" in e for e in errors), errors
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["keep.pdf"]
    assert (out / "keep.pdf").read_bytes() == b"previous"


def test_all_problems_are_reported_in_one_run(kit_copy):
    _write(
        kit_copy,
        "kit.yaml",
        (kit_copy / "kit.yaml")
        .read_text(encoding="utf-8")
        .replace("language: fr", "langage: fr")
        .replace("cards: events", "cards: evnts"),
    )
    result = run("validate", kit_copy)
    assert result.exit_code == 1
    errors = _errors(result)
    assert any('unknown key "langage"' in e and 'did you mean "language"?' in e for e in errors)
    assert any('missing key "language"' in e for e in errors)
    assert any('found "evnts"' in e and 'did you mean "events"?' in e for e in errors)


def test_duplicate_ids_name_both_places(kit_copy):
    text = (kit_copy / "contenu.yaml").read_text(encoding="utf-8").replace("id: cse", "id: direction")
    _write(kit_copy, "contenu.yaml", text)
    result = run("validate", kit_copy)
    assert result.exit_code == 1
    assert any('duplicate id "direction" in actors: already used at' in e for e in _errors(result))


def test_http_and_doubled_scheme_are_warnings_and_strict_makes_them_errors(kit_copy):
    text = (kit_copy / "contenu.yaml").read_text(encoding="utf-8")
    text = text.replace('url: "https://www.anact.fr/"', 'url: "http://www.anact.fr/"')
    text = text.replace(
        'url: "https://fr.wikipedia.org/wiki/Dialogue_social"',
        'url: "http://http://fr.wikipedia.org/wiki/Dialogue_social"',
    )
    _write(kit_copy, "contenu.yaml", text)
    lax = run("validate", kit_copy)
    assert lax.exit_code == 0
    assert 'warning: resource "anact": plain http://' in lax.output
    assert "malformed URL, the scheme is doubled" in lax.output
    strict = run("validate", kit_copy, "--strict")
    assert strict.exit_code == 1
    assert ": error: " in strict.output and ": warning: " not in strict.output


def test_plain_http_can_be_acknowledged(kit_copy):
    text = (
        (kit_copy / "contenu.yaml")
        .read_text(encoding="utf-8")
        .replace('url: "https://www.anact.fr/"', 'url: "http://www.anact.fr/"\n    plain_http: true')
    )
    _write(kit_copy, "contenu.yaml", text)
    assert run("validate", kit_copy, "--strict").exit_code == 0


def test_billion_laughs_is_refused_quickly(kit_copy):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]")
    _write(kit_copy, "kit.yaml", "\n".join(lines) + "\n")
    start = time.monotonic()
    result = run("validate", kit_copy)
    assert time.monotonic() - start < 1.0
    assert result.exit_code == 1
    assert "aliases" in result.output and "kit.yaml:" in result.output


def test_random_bytes_and_bad_encodings_are_refused(kit_copy):
    import random

    rng = random.Random(7)
    (kit_copy / "kit.yaml").write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    start = time.monotonic()
    result = run("validate", kit_copy)
    assert time.monotonic() - start < 1.0
    assert result.exit_code == 1 and "kit.yaml:" in result.output and "Traceback" not in result.output

    (kit_copy / "kit.yaml").write_bytes('id: x\ntitle: "Caf\xe9"\n'.encode("latin-1"))
    result = run("validate", kit_copy)
    assert result.exit_code == 1
    assert "kit.yaml:2:12: error: invalid UTF-8 byte 0xE9" in result.output

    (kit_copy / "kit.yaml").write_bytes(b"id: x\ntitle: a\x00b\n")
    result = run("validate", kit_copy)
    assert "kit.yaml:2:9: error: NUL byte" in result.output


def test_python_tags_are_refused(kit_copy):
    _write(kit_copy, "contenu.yaml", "actors: !!python/object/apply:os.system ['echo hi']\n")
    result = run("validate", kit_copy)
    assert result.exit_code == 1
    assert (
        "contenu.yaml:1:9: error: tag tag:yaml.org,2002:python/object/apply:os.system is not allowed" in result.output
    )


def test_yaml_syntax_error_is_located(kit_copy):
    _write(kit_copy, "contenu.yaml", 'actors:\n  - id: a\n    name: "unclosed\n')
    result = run("validate", kit_copy)
    assert result.exit_code == 1
    assert 'contenu.yaml:3:11: error: this quote (") is never closed' in result.output
