from __future__ import annotations

from pathlib import Path

from kiosk import settings


def test_every_setting_has_docs_and_a_valid_default() -> None:
    keys = [s.key for s in settings.SETTINGS]
    assert len(keys) == len(set(keys))
    for s in settings.SETTINGS:
        assert s.doc.strip(), s.key
        assert s.coerce(s.default) == s.default, s.key


def test_missing_default_file_gives_defaults(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(settings, "config_dir", lambda: tmp_path / "nowhere")
    cfg = settings.load(None)
    assert cfg.problems == []
    assert cfg["ui.idle_timeout_s"] == 90.0
    assert cfg["ui.default_language"] == "zh"


def test_bad_values_are_named_and_others_still_apply(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[ui]\nidle_timeout_s = 1\ndefault_language = "fr"\nattract_interval_s = 10\n'
        'show_cursor = "yes"\n[sensors.titrator]\nsource = "mqtt"\nport = 70000\n'
        '[nonsense]\nkey = 1\n', encoding="utf-8")
    cfg = settings.load(path)
    text = "\n".join(cfg.problems)
    assert "ui.idle_timeout_s: 1 is below the minimum 5" in text
    assert "ui.default_language: 'fr' is not one of zh, en" in text
    assert "ui.show_cursor: expected true or false" in text
    assert "sensors.titrator.port: 70000 is above the maximum 65535" in text
    assert "unknown setting 'nonsense.key'" in text
    assert cfg["ui.idle_timeout_s"] == 90.0           # bad → default
    assert cfg["ui.attract_interval_s"] == 10.0        # good → applied
    assert cfg["sensors.titrator.source"] == "mqtt"
    assert cfg.section("sensors.titrator")["port"] == 1883


def test_broken_toml_names_the_file_and_uses_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[ui\nidle = ", encoding="utf-8")
    cfg = settings.load(path)
    assert len(cfg.problems) == 1 and str(path) in cfg.problems[0]
    assert cfg.values == settings.defaults().values
