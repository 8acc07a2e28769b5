"""What a person can do with mockloop, each as one unit of work: draw a question, record an
answer (with its story and the answer it follows up), transcribe it, read it back. The CLI and
the TUI both go through here; the store underneath keeps rows, the core computes."""
