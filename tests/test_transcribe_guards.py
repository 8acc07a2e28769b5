import pytest

from mockloop.core.analysis.words import Span, Word
from mockloop.core.errors import ModelError
from mockloop.core.speech.guards import collapse_stutters, invented_segment, trim_unlikely_edges
from mockloop.core.speech.models import bundled_model_dir, resolve_model
from mockloop.core.speech.vad import drop_unvoiced


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
    ws = [
        Word("Thanks", 0, 1, 0.01),
        Word("So,", 1, 2, 0.9),
        Word("uh,", 2, 3, 0.02),
        Word("done.", 3, 4, 0.99),
        Word("Thank", 4, 5, 0.003),
    ]
    assert [w.text for w in trim_unlikely_edges(ws)] == ["So,", "uh,", "done."]
    assert trim_unlikely_edges([Word("x", 0, 1, 0.0)]) == []
    # Seen in a recording: the invented "Thank" is unlikely, the "you." after it is not.
    tail = [
        Word("the", 0, 1, 0.999),
        Word("model.", 1, 2, 0.994),
        Word("Thank", 2, 3, 0.004),
        Word("you.", 3, 3, 0.983),
    ]
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


def test_a_decoder_loop_on_one_hesitation_counts_once():
    """Seen on a real recording of six "uh": nine more "uh," decoded within 0.15 s."""
    loop = [
        Word("uh,", 5.454, 5.474),
        *(Word("uh,", 5.474 + k * 0.02, 5.474 + k * 0.02) for k in range(6)),
    ]
    ws = [Word("Montreal,", 0.79, 1.31), Word("uh,", 2.45, 2.6), *loop, Word("forced", 5.69, 5.9)]
    out = collapse_stutters(ws)
    assert [w.text for w in out] == ["Montreal,", "uh,", "uh,", "forced"]
    assert (out[2].start, out[2].end) == (5.454, 5.574)  # one word spanning the run
    # Spoken one after another, each takes its time: all kept.
    said = [Word("uh,", 1.0, 1.3), Word("uh,", 1.45, 1.7), Word("uh,", 1.9, 2.2)]
    assert collapse_stutters(said) == said
    # Different hesitations squeezed together are a person alternating, not a loop.
    squeezed = [Word("um,", 6.73, 6.75), Word("uh,", 6.81, 6.81), Word("um,", 6.81, 6.81)]
    assert collapse_stutters(squeezed) == squeezed
    # Content words repeat for real ("a, a, a liner").
    stammer = [Word("a,", 9.52, 9.52), Word("a,", 9.52, 9.6)]
    assert collapse_stutters(stammer) == stammer
