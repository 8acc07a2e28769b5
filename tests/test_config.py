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
        ("[model]\nallow_download = 1\n", "allow_download must be true or false"),
        ("[practice]\nprep_s = true\n", "prep_s must be a whole number"),
        ("audio = 3\n", "must be a [section]"),
        ("[audio\n", "line 1"),
        ("[analysis]\npace_band_wpm = [160]\n", "pace_band_wpm must be two numbers"),
        ("[analysis]\npace_band_wpm = [160, 130]\n", "pace_band_wpm must be two numbers"),
        ("[analysis]\nvocal_fillers = { um = 5 }\n", "vocal_fillers must be a table"),
        ("[questions]\ndirs = [1, 2]\n", "dirs must be a list of non-empty strings"),
        ("[analysis]\nlong_pause_s = nan\n", "long_pause_s must be between"),
        ("[analysis]\nlong_pause_s = inf\n", "long_pause_s must be between"),
        ("[practice]\ntime_limit_s = -90\n", "time_limit_s must be between 0 and 3600"),
        ("[practice]\ntime_limit_s = 100000000000000\n", "time_limit_s must be between"),
        ("[practice]\nhard_cap_factor = 0\n", "hard_cap_factor must be between 1 and 10"),
        ("[practice]\nset_size = 0\n", "set_size must be between 1 and 50"),
        ("[audio]\nsilence_dbfs = -inf\n", "silence_dbfs must be between"),
        ("[audio]\ndevice = ''\n", "device must be non-empty text"),
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path, text, fragment):
    f = tmp_path / "c.toml"
    f.write_text(text)
    with pytest.raises(ConfigError, match=fragment.replace("[", r"\[")):
        load_settings(f)


def test_a_config_path_that_is_a_folder_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="is a folder"):
        load_settings(tmp_path)


def test_saved_config_is_owner_only_whatever_the_umask(tmp_path):
    import os

    old = os.umask(0)
    try:
        save_setting(tmp_path / "c.toml", "audio", "device", "USB Mic")
    finally:
        os.umask(old)
    assert (tmp_path / "c.toml").stat().st_mode & 0o777 == 0o600


def test_save_setting_refuses_a_bad_value(tmp_path):
    f = tmp_path / "c.toml"
    with pytest.raises(ConfigError, match="set_size must be between"):
        save_setting(f, "practice", "set_size", 0)
    assert not f.exists()


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


def test_every_screen_setting_reads_back_what_it_shows():
    """The Settings screen shows each labelled setting as text and reads that text back to
    the same value, through the one schema the config file uses."""
    from mockloop.config import SETTINGS, Settings

    s = Settings(time_limit_s=90)
    labelled = [f for f in SETTINGS if f.label]
    assert len(labelled) == 8
    for f in labelled:
        assert f.from_text(f.as_text(s)) == f.get(s), f.name
    lexical = next(f for f in labelled if f.key == "lexical_fillers")
    with pytest.raises(ValueError, match="at least one"):
        lexical.from_text(" , ")  # one stray key must not turn the detection off
    goal = next(f for f in labelled if f.key == "goal_fillers_per_min")
    with pytest.raises(ValueError, match="must be a number"):
        goal.from_text("two")


def test_save_settings_writes_all_or_nothing(tmp_path):
    from mockloop.config import save_settings, setting

    f = tmp_path / "c.toml"
    save_setting(f, "practice", "prep_s", 10)
    before = f.read_bytes()
    good, bad = setting("practice", "prep_s"), setting("practice", "set_size")
    with pytest.raises(ConfigError, match=r"practice\.set_size must be between 1 and 50"):
        save_settings(f, {good: 20, bad: 0})
    assert f.read_bytes() == before
    save_settings(f, {good: 20, bad: 4})
    assert (load_settings(f).prep_s, load_settings(f).set_size) == (20, 4)


def test_settings_become_one_transcriber_with_the_persons_hesitations(tmp_path):
    """The CLI and the TUI both build the transcriber through Context.transcriber."""
    import argparse
    import io

    from mockloop.cli.context import Context

    conf = tmp_path / "c.toml"
    conf.write_text('[analysis]\nvocal_fillers = { ehm = "um", uh = "uh" }\n')
    args = argparse.Namespace(
        data_dir=str(tmp_path / "d"), config=str(conf), model=None, allow_download=False
    )
    ctx = Context(args, io.StringIO(), io.StringIO())
    t = ctx.transcriber()
    assert t.decoding.vocal_fillers == ("ehm", "uh")
    assert t.model_label == ctx.model_spec().label


def test_a_model_chosen_in_settings_wins_over_the_model_flag(tmp_path, monkeypatch):
    """`mockloop --model X` stands for the run until another model is chosen in Settings."""
    import argparse
    import io
    from dataclasses import replace

    from mockloop.cli import context

    asked: list[str] = []
    monkeypatch.setattr(context, "resolve_model", lambda name, **_: asked.append(name))
    args = argparse.Namespace(
        data_dir=str(tmp_path / "d"),
        config=str(tmp_path / "c.toml"),
        model="/models/flag",
        allow_download=False,
    )
    ctx = context.Context(args, io.StringIO(), io.StringIO())
    ctx.model_spec()
    ctx.model_spec(replace(ctx.settings))  # settings saved with the same model: still the flag
    ctx.model_spec(replace(ctx.settings, model="/models/chosen"))
    assert asked == ["/models/flag", "/models/flag", "/models/chosen"]
