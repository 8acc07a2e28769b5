"""Mock loops: plans, drawing a loop, where it stands, and its report (Markdown, JSON, HTML)."""
