"""The command palette lists the current screen's keys as commands, so every action can be
found by name as well as by key."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenKeys(Provider):
    def _actions(self) -> list[tuple[str, str, str]]:
        screen = self.screen
        found = []
        for binding in [*screen.BINDINGS, *self.app.BINDINGS]:
            if isinstance(binding, tuple) or not binding.description:
                continue
            key = binding.key_display or binding.key.split(",")[0]
            found.append((binding.description, key, binding.action))
        return found

    def _run(self, action: str) -> None:
        target = self.screen if not action.startswith("app.") else self.app
        self.app.call_later(target.run_action, action.removeprefix("app."))

    async def discover(self) -> Hits:
        for description, key, action in self._actions():
            yield DiscoveryHit(f"{description} ({key})", partial(self._run, action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, key, action in self._actions():
            label = f"{description} ({key})"
            if (score := matcher.match(label)) > 0:
                yield Hit(score, matcher.highlight(label), partial(self._run, action))
