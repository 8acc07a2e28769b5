"""The Textual app: screens, widgets and messages. Talks to the core and the store only."""
