"""Sound in and out: input devices, the recorder and its WAV writer, playback, the interviewer's voice."""
