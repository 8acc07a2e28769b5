import pytest

from mockloop.core.errors import ModelError
from mockloop.core.models import bundled_model_dir, resolve_model
from mockloop.core.vad import drop_unvoiced
from mockloop.core.words import Span, Word


def test_hallucinations_at_the_edges_and_in_silence_are_dropped():
    spans = [Span(0.3, 5.0), Span(5.26, 9.0), Span(12.0, 18.0)]
    words = [
        Word("Thanks", 0.0, 0.1),  # before any voice
        Word("So,", 0.2, 0.9),  # starts just before the voice: smear, kept
        Word("um,", 5.1, 5.1),  # zero-length in a short gap: a smeared filler, kept
        Word("you", 10.2, 10.6),  # deep inside a 3 s silence
        Word("early.", 17.6, 17.98),
        Word("Thank", 17.96, 18.62),  # mostly after the last voice
        Word("Yeah.", 18.3, 18.6),
    ]
    kept = [w.text for w in drop_unvoiced(words, spans)]
    assert kept == ["So,", "um,", "early."]
    assert drop_unvoiced(words, []) == []


def test_model_choice_never_downloads_without_permission(tmp_path):
    assert (bundled_model_dir() / "model.bin").is_file()
    assert resolve_model(None).label == "tiny.en (bundled)"
    with pytest.raises(ModelError, match="--allow-download"):
        resolve_model("base.en")
    assert resolve_model("base.en", allow_download=True).download
    with pytest.raises(ModelError, match=r"no model\.bin"):
        resolve_model(str(tmp_path))
    with pytest.raises(ModelError, match="Unknown model"):
        resolve_model("gpt-voice")
    (tmp_path / "model.bin").write_bytes(b"")
    assert resolve_model(str(tmp_path)).source == str(tmp_path.resolve())
