"""The question bank, drawing a question, when one is due again (FSRS), and the story bank."""
