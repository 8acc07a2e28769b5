"""Reading the words: fillers, pace, pauses, STAR parts, the coach's verdicts, metrics and trends.
Never imports the speech engine (an import-linter contract keeps it so)."""
