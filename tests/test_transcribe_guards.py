import pytest

from mockloop.core.errors import ModelError
from mockloop.core.guards import invented_segment, trim_unlikely_edges
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


def test_unlikely_words_are_trimmed_only_at_the_edges():
    ws = [Word("Thanks", 0, 1, 0.01), Word("So,", 1, 2, 0.9), Word("uh,", 2, 3, 0.02),
          Word("done.", 3, 4, 0.99), Word("Thank", 4, 5, 0.003)]  # fmt: skip
    assert [w.text for w in trim_unlikely_edges(ws)] == ["So,", "uh,", "done."]
    assert trim_unlikely_edges([Word("x", 0, 1, 0.0)]) == []
    # Seen in a recording: the invented "Thank" is unlikely, the "you." after it is not.
    tail = [Word("the", 0, 1, 0.999), Word("model.", 1, 2, 0.994),
            Word("Thank", 2, 3, 0.004), Word("you.", 3, 3, 0.983)]  # fmt: skip
    assert [w.text for w in trim_unlikely_edges(tail)] == ["the", "model."]
    middle = [Word(t, i, i + 1, 0.9) for i, t in enumerate("a b c d e f g h".split())]
    middle[4] = Word("e", 4, 5, 0.01)  # more than three words from either edge: left alone
    assert len(trim_unlikely_edges(middle)) == 8


def test_a_persons_own_hesitation_spelling_is_never_trimmed():
    """analysis.vocal_fillers reaches the transcriber: 'ehm' counts, so it is kept like 'uh'."""
    said = "ehm, we shipped the new ranking model".split()
    ws = [Word(t, i, i + 1, 0.02 if i == 0 else 0.9) for i, t in enumerate(said)]
    assert [w.text for w in trim_unlikely_edges(ws)] == said[1:]
    assert [w.text for w in trim_unlikely_edges(ws, vocal={"ehm": "um"})] == said


def test_invented_segments_need_both_signals():
    assert invented_segment(-1.20, 0.58)  # "We'll see you next time." after the answer ended
    assert not invented_segment(-0.13, 0.007)  # the real sentence before it
    assert not invented_segment(-1.5, 0.05)  # hesitant, but clearly speech
    assert not invented_segment(-0.3, 0.7)  # quiet, but decoded with confidence
