"""Settings: copyedit.toml or [tool.copyedit], validated key by key."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import HOUSE_RULE

from copyedit.config import Config, load_config
from copyedit.errors import ConfigError


def test_no_config_gives_defaults(tmp_path):
    config = load_config(start=tmp_path)
    assert config == Config()
    assert config.fail_on == "error" and config.language == "auto"


def test_copyedit_toml(tmp_path):
    (tmp_path / "copyedit.toml").write_text(
        'language = "en-GB"\nselect = ["news"]\nignore = ["news.wordy"]\n'
        'fail-on = "warning"\nlong-sentence-words = 30\n\n[languagetool]\nport = 8099\n'
    )
    config = load_config(start=tmp_path)
    assert config.language == "en-GB"
    assert config.select == ("news",) and config.ignore == ("news.wordy",)
    assert config.fail_on == "warning" and config.long_sentence_words == 30
    assert config.extra == {"languagetool": {"port": 8099}}
    assert config.source == tmp_path / "copyedit.toml"


def test_pyproject_section_found_from_subfolder(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.copyedit]\nfail-on = "never"\n'
    )
    sub = tmp_path / "drafts" / "2024"
    sub.mkdir(parents=True)
    config = load_config(start=sub)
    assert config.fail_on == "never" and config.source == tmp_path / "pyproject.toml"


def test_pyproject_without_section_is_skipped(tmp_path):
    (tmp_path / "copyedit.toml").write_text('fail-on = "suggestion"\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(start=sub).fail_on == "suggestion"


def test_nearest_config_wins(tmp_path):
    (tmp_path / "copyedit.toml").write_text('fail-on = "warning"\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.copyedit]\nfail-on = "never"\n')
    assert load_config(start=sub).fail_on == "never"


def test_copyedit_toml_beats_pyproject_in_same_folder(tmp_path):
    (tmp_path / "copyedit.toml").write_text('fail-on = "warning"\n')
    (tmp_path / "pyproject.toml").write_text('[tool.copyedit]\nfail-on = "never"\n')
    assert load_config(start=tmp_path).fail_on == "warning"


def test_explicit_config(tmp_path):
    path = tmp_path / "house.toml"
    path.write_text('fail-on = "warning"\n')
    assert load_config(path).fail_on == "warning"
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.copyedit]\nfail-on = "never"\n')
    assert load_config(pyproject).fail_on == "never"


def test_explicit_config_missing(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('colour = "red"\n', "colour"),
        ('fail_on = "error"\n', "fail_on"),
        ('language = "fr"\n', "language"),
        ('fail-on = "fatal"\n', "fail-on"),
        ('select = "news"\n', "select"),
        ("ignore = [1, 2]\n", "ignore"),
        ('rule-folders = "styles"\n', "rule-folders"),
        ('rule-folders = ["missing-folder"]\n', "rule-folders"),
        ("long-sentence-words = 0\n", "long-sentence-words"),
        ('long-sentence-words = "forty"\n', "long-sentence-words"),
    ],
)
def test_bad_setting_names_key(tmp_path, body, key):
    path = tmp_path / "copyedit.toml"
    path.write_text(body)
    with pytest.raises(ConfigError) as info:
        load_config(start=tmp_path)
    msg = str(info.value)
    assert f"'{key}'" in msg and str(path) in msg and "\n" not in msg


def test_bad_key_in_pyproject_names_key(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.copyedit]\nfial-on = "never"\n')
    with pytest.raises(ConfigError, match="'fial-on'"):
        load_config(start=tmp_path)


def test_invalid_toml(tmp_path):
    (tmp_path / "copyedit.toml").write_text("fail-on = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(start=tmp_path)


def test_rule_folders_relative_to_config_file(tmp_path):
    styles = tmp_path / "styles" / "house"
    styles.mkdir(parents=True)
    (styles / "utilise.yml").write_text(HOUSE_RULE)
    (tmp_path / "copyedit.toml").write_text('rule-folders = ["styles/house"]\n')
    sub = tmp_path / "drafts"
    sub.mkdir()
    config = load_config(start=sub)
    assert config.rule_folders == (styles.resolve(),)

    from copyedit.document import Document
    from copyedit.engines.yaml_rules import YamlRulesEngine

    engine = YamlRulesEngine.from_folders(config.rule_folders)
    findings = engine.check(Document.from_text("We utilise it."))
    assert [f.rule for f in findings] == ["house.utilise"]
    assert findings[0].replacements == ("use",)


def test_repository_pyproject_has_no_bad_section():
    root = Path(__file__).resolve().parents[1]
    load_config(start=root)  # must not raise
