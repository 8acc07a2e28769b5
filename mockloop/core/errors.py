"""Errors a person can act on. The message says what happened and what to do about it."""


class MockloopError(Exception):
    """Base for every error mockloop shows to a person instead of a traceback."""


class AudioError(MockloopError):
    """The microphone or the recording could not be used."""


class PortAudioMissing(AudioError):
    """The PortAudio shared library is not installed."""


class NoInputDevice(AudioError):
    """No input device exists, or the named one was not found."""


class DeviceUnavailable(AudioError):
    """The input device exists but could not be opened (busy, unplugged, refused)."""


class RecordingWriteError(AudioError):
    """The recording could not be written (folder not writable, disk full)."""


class AudioFileError(MockloopError):
    """An audio file could not be read or holds no audio."""


class ModelError(MockloopError):
    """The speech model could not be found or loaded."""


class TranscriptionCancelled(MockloopError):
    """Transcription was stopped on request."""
