from pathlib import Path

import pytest

from mockloop.config import ConfigError, load_settings, resolve_paths, save_setting


def test_defaults_when_there_is_no_file(tmp_path):
    s = load_settings(tmp_path / "none.toml")
    assert s.device == "default" and s.model == "tiny.en" and not s.allow_download
    assert s.analysis.long_pause_s == 1.5 and s.analysis.pace_band_wpm == (130.0, 160.0)


def test_file_values_override_defaults(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text(
        '[audio]\ndevice = "USB Mic"\n[model]\nname = "/models/base"\n'
        "[analysis]\nlong_pause_s = 2.0\npace_band_wpm = [120, 150]\n"
        'lexical_fillers = ["like"]\nvocal_fillers = { um = "um" }\n'
    )
    s = load_settings(f)
    assert s.device == "USB Mic" and s.model == "/models/base"
    assert s.analysis.long_pause_s == 2.0 and s.analysis.pace_band_wpm == (120, 150)
    assert s.analysis.lexical_fillers == ("like",) and s.analysis.vocal_fillers == {"um": "um"}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[audio]\nvolume = 3\n", "unknown setting audio.volume"),
        ("[model]\nallow_download = 1\n", "wrong type"),
        ("[practice]\nprep_s = true\n", "wrong type"),
        ("audio = 3\n", "must be a [section]"),
        ("[audio\n", "line 1"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path, text, fragment):
    f = tmp_path / "c.toml"
    f.write_text(text)
    with pytest.raises(ConfigError, match=fragment.replace("[", r"\[")):
        load_settings(f)


def test_save_setting_round_trips_and_keeps_other_values(tmp_path):
    f = tmp_path / "dir" / "c.toml"
    save_setting(f, "analysis", "long_pause_s", 2.5)
    save_setting(f, "audio", "device", 'Mic "Pro" 2')
    save_setting(f, "analysis", "vocal_fillers", {"um": "um", "uh": "uh"})
    s = load_settings(f)
    assert s.device == 'Mic "Pro" 2' and s.analysis.long_pause_s == 2.5
    assert s.analysis.vocal_fillers == {"um": "um", "uh": "uh"}
    with pytest.raises(ConfigError):
        save_setting(f, "audio", "nope", 1)


def test_paths_come_from_flag_then_env(tmp_path, monkeypatch):
    monkeypatch.setenv("MOCKLOOP_DATA_DIR", str(tmp_path / "env"))
    monkeypatch.setenv("MOCKLOOP_CONFIG", str(tmp_path / "env.toml"))
    p = resolve_paths()
    assert p.data_dir == tmp_path / "env" and p.db_path == tmp_path / "env" / "mockloop.db"
    assert p.config_file == tmp_path / "env.toml"
    assert resolve_paths(tmp_path / "flag").data_dir == tmp_path / "flag"
    assert not (tmp_path / "env").exists()  # resolving creates nothing
    p.ensure()
    assert (p.audio_dir.stat().st_mode & 0o777) == 0o700


def test_platform_default_when_nothing_is_set(monkeypatch):
    monkeypatch.delenv("MOCKLOOP_DATA_DIR", raising=False)
    monkeypatch.delenv("MOCKLOOP_CONFIG", raising=False)
    p = resolve_paths()
    assert p.data_dir.name == "mockloop" and p.config_file == Path(p.config_file)
