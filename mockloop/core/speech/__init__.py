"""Speech to text: the bundled model, chunked and live decoding, voice activity, hesitations recovered,
what Whisper invents, and a file analysed end to end (pipeline)."""
